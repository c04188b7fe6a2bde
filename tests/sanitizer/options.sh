# Sanitizer run-time options for the build-asan/ binaries; scripts/test-sanitize
# sources this. To run a sanitized test by hand:
#   . tests/sanitizer/options.sh && build-asan/tests/morgue_tests --gtest_filter='Fault*'
# exitcode=99: a sanitizer report in a morgue process that a test expects to
# fail (exit 1) still fails the test. See tests/sanitizer/README.md for each
# exception.
_morgue_sanitizer_dir=$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")" && pwd)
export ASAN_OPTIONS="detect_leaks=1:exitcode=99:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:new_delete_type_mismatch=0"
export LSAN_OPTIONS="exitcode=99:suppressions=$_morgue_sanitizer_dir/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="exitcode=99:halt_on_error=1:print_stacktrace=1:suppressions=$_morgue_sanitizer_dir/ubsan.supp"
unset _morgue_sanitizer_dir
# ThreadSanitizer (build-tsan/, scripts/test-tsan): the first report fails the
# process; second_deadlock_stack for lock-order reports.
_morgue_sanitizer_dir=$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")" && pwd)
export TSAN_OPTIONS="exitcode=99:halt_on_error=1:second_deadlock_stack=1:suppressions=$_morgue_sanitizer_dir/tsan.supp:print_suppressions=0"
unset _morgue_sanitizer_dir
