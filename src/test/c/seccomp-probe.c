/*
 * seccomp-probe: the program SeccompProfileIT runs under generated seccomp profiles. It makes
 * exactly three system calls, uname, write and exit_group, with no C library and no start-up
 * code, so it needs nothing else. It prints "uname ok: <sysname>" and exits 0, or, when uname
 * fails, prints "uname failed" and exits with uname's errno (1 for EPERM).
 *
 * Build: gcc -static -nostdlib -ffreestanding -fno-stack-protector -fno-pie -no-pie -O2
 */

#if defined(__x86_64__)
#define NR_UNAME 63
#define NR_WRITE 1
#define NR_EXIT_GROUP 231

static long sys3(long nr, long a, long b, long c)
{
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return ret;
}
#elif defined(__aarch64__)
#define NR_UNAME 160
#define NR_WRITE 64
#define NR_EXIT_GROUP 94

static long sys3(long nr, long a, long b, long c)
{
    register long x8 __asm__("x8") = nr;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
    return x0;
}
#else
#error "seccomp-probe supports x86_64 and aarch64"
#endif

/* struct utsname: six fields of 65 bytes; sysname comes first */
static char uts[6 * 65];

static void say(const char *text, long length)
{
    sys3(NR_WRITE, 1, (long) text, length);
}

void _start(void)
{
    long ret = sys3(NR_UNAME, (long) uts, 0, 0);
    if (ret < 0) {
        say("uname failed\n", 13);
        sys3(NR_EXIT_GROUP, -ret, 0, 0);
    }
    long length = 0;
    while (length < 65 && uts[length] != '\0') {
        length++;
    }
    say("uname ok: ", 10);
    say(uts, length);
    say("\n", 1);
    sys3(NR_EXIT_GROUP, 0, 0, 0);
    for (;;) {
    }
}
