#include "common/error.hpp"

#include <cstring>

namespace lf {
namespace {
// The only mutable state of the library: one message per thread.
thread_local char last_error[1024] = "";
}  // namespace

void set_last_error(const char* message) noexcept {
    std::strncpy(last_error, message, sizeof(last_error) - 1);
    last_error[sizeof(last_error) - 1] = '\0';
}

void clear_last_error() noexcept { last_error[0] = '\0'; }

}  // namespace lf

extern "C" {

LF_API const char* lf_last_error_message(void) { return lf::last_error; }

LF_API const char* lf_status_string(int32_t status) {
    switch (status) {
        case LF_OK: return "LF_OK";
        case LF_ERROR_NULL_POINTER: return "LF_ERROR_NULL_POINTER";
        case LF_ERROR_INVALID_ARGUMENT: return "LF_ERROR_INVALID_ARGUMENT";
        case LF_ERROR_UNSUPPORTED: return "LF_ERROR_UNSUPPORTED";
        case LF_ERROR_OVERFLOW: return "LF_ERROR_OVERFLOW";
        case LF_ERROR_OUT_OF_MEMORY: return "LF_ERROR_OUT_OF_MEMORY";
        case LF_ERROR_DEVICE: return "LF_ERROR_DEVICE";
        case LF_ERROR_INTERNAL: return "LF_ERROR_INTERNAL";
        default: return "LF_UNKNOWN_STATUS";
    }
}

}  // extern "C"
