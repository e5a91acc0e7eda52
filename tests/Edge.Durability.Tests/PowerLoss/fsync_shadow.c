/*
 * LD_PRELOAD shim for the power-loss test. It models the page cache: a file's content survives a power cut only as
 * of its last fsync/fdatasync. At every such call on a regular file inside $SHADOW_WATCH_DIR, the file is copied to
 * $SHADOW_DIR (same name, atomically through a rename). After kill -9, the test opens the shadow copies: exactly what
 * the storage would hold after losing power at that moment. Writes never fsynced are absent, as on a real power cut.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static pthread_mutex_t shadow_lock = PTHREAD_MUTEX_INITIALIZER;

static void shadow_copy(int fd)
{
    const char *watch = getenv("SHADOW_WATCH_DIR");
    const char *shadow = getenv("SHADOW_DIR");
    if (watch == NULL || shadow == NULL) return;

    char link[64], path[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t length = readlink(link, path, sizeof path - 1);
    if (length <= 0) return;
    path[length] = '\0';
    size_t watch_length = strlen(watch);
    if (strncmp(path, watch, watch_length) != 0 || path[watch_length] != '/') return;

    struct stat status;
    if (fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) return;

    const char *name = path + watch_length + 1;
    char target[PATH_MAX], temporary[PATH_MAX];
    snprintf(target, sizeof target, "%s/%s", shadow, name);
    snprintf(temporary, sizeof temporary, "%s/.%s.tmp", shadow, name);

    pthread_mutex_lock(&shadow_lock);
    int out = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out >= 0) {
        char buffer[65536];
        off_t offset = 0;
        ssize_t read_bytes;
        while ((read_bytes = pread(fd, buffer, sizeof buffer, offset)) > 0) {
            if (write(out, buffer, (size_t)read_bytes) != read_bytes) break;
            offset += read_bytes;
        }
        close(out);
        rename(temporary, target);
    }
    pthread_mutex_unlock(&shadow_lock);
}

int fsync(int fd)
{
    static int (*real_fsync)(int);
    if (real_fsync == NULL) real_fsync = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    int result = real_fsync(fd);
    if (result == 0) shadow_copy(fd);
    return result;
}

int fdatasync(int fd)
{
    static int (*real_fdatasync)(int);
    if (real_fdatasync == NULL) real_fdatasync = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    int result = real_fdatasync(fd);
    if (result == 0) shadow_copy(fd);
    return result;
}
