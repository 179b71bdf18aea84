/* placeholder */ typedef int cx_placeholder_;
