// Errors inside the library: C++ code throws lf::Error; every C entry point catches it (and
// anything else) and turns it into an lf_status plus the thread-local message.
#pragma once

#include <stdexcept>
#include <string>

#include "logoformer/logoformer.h"

namespace lf {

class Error : public std::runtime_error {
public:
    Error(lf_status status, const std::string& message)
        : std::runtime_error(message), status_(status) {}
    lf_status status() const noexcept { return status_; }

private:
    lf_status status_;
};

// Stores the message for lf_last_error_message() on this thread.
void set_last_error(const char* message) noexcept;
void clear_last_error() noexcept;

// Runs body (a callable returning void) and converts every exception into a status.
template <typename Body>
lf_status guarded(Body&& body) noexcept {
    try {
        clear_last_error();
        body();
        return LF_OK;
    } catch (const Error& e) {
        set_last_error(e.what());
        return e.status();
    } catch (const std::bad_alloc&) {
        set_last_error("out of memory while allocating a workspace");
        return LF_ERROR_OUT_OF_MEMORY;
    } catch (const std::exception& e) {
        set_last_error(e.what());
        return LF_ERROR_INTERNAL;
    } catch (...) {
        set_last_error("unknown C++ exception");
        return LF_ERROR_INTERNAL;
    }
}

}  // namespace lf
