"""The stock jupyter_kernel_test suite, with Java samples for every test it has."""
import os
import unittest

import jupyter_kernel_test


class PtlabKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("KERNEL_NAME", "ptlab")
    language_name = "java"
    file_extension = ".java"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("some error");'
    completion_samples = [
        {"text": "System.o", "matches": {"out"}},
        {"text": "Math.rand", "matches": {"random()"}},
    ]
    complete_code_samples = ["1 + 1", "int x = 3;", "class A { }", "for (int i = 0; i < 3; i++) { }"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "Math.max(1,", "/* open comment"]
    invalid_code_samples = ["int x = ;", "1 +* 2", "class { }", "String s = \"unterminated"]
    code_page_something = "Math.max?"
    code_generate_error = 'throw new IllegalStateException("boom");'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "Math.max(3, 9)", "result": "9"},
        {"code": "int a = 2;\nint b = 5;\na * b", "result": "10"},
    ]
    code_display_data = [
        {"code": 'display("<b>bold</b>", "text/html");', "mime": "text/html"},
        {"code": 'display("plain");', "mime": "text/plain"},
        {"code": "display(new BufferedImage(8, 4, BufferedImage.TYPE_INT_RGB));", "mime": "image/png"},
    ]
    code_history_pattern = "6 * *"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "Math.max("
    code_clear_output = "clearOutput();"


if __name__ == "__main__":
    unittest.main()
