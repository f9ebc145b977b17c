package io.github.logoformer.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Each status code becomes its exception type, with the entry point, the status name and the library's message. */
class StatusTest {
    private static final Status.Messages MESSAGES = new Status.Messages() {
        @Override
        public String statusName(int status) {
            return "LF_" + Status.values()[status].name();
        }

        @Override
        public String lastErrorMessage() {
            return "win_f: expected a divisor of grid_f = 2, got 3";
        }
    };

    @Test
    void okThrowsNothing() {
        Status.check(Status.OK.code(), "op", MESSAGES);
    }

    @Test
    void argumentErrorsAreIllegalArguments() {
        for (Status s : new Status[] {Status.ERROR_NULL_POINTER, Status.ERROR_INVALID_ARGUMENT, Status.ERROR_OVERFLOW}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Status.check(s.code(), "lf_window_attention_fwd", MESSAGES));
            assertEquals("lf_window_attention_fwd: LF_" + s.name() + ": win_f: expected a divisor of grid_f = 2, got 3",
                    e.getMessage());
        }
    }

    @Test
    void unsupportedAndTheRestHaveTheirOwnTypes() {
        assertThrows(UnsupportedOperationException.class, () -> Status.check(Status.ERROR_UNSUPPORTED.code(), "op", MESSAGES));
        for (Status s : new Status[] {Status.ERROR_OUT_OF_MEMORY, Status.ERROR_DEVICE, Status.ERROR_INTERNAL}) {
            NativeKernelException e = assertThrows(NativeKernelException.class, () -> Status.check(s.code(), "op", MESSAGES));
            assertEquals(s.code(), e.status());
        }
    }
}
