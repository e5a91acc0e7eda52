/*
 * LD_PRELOAD shim for the power-loss test. It models the page cache: a file's content survives a power cut only as
 * of its last fsync/fdatasync. At every such call on a regular file inside $SHADOW_WATCH_DIR, the file is copied to
 * $SHADOW_DIR (same name, atomically through a rename). After kill -9, the test opens the shadow copies: exactly what
 * the storage would hold after losing power at that moment. Writes never fsynced are absent, as on a real power cut.
 * Names (unlink, rename) are mirrored at once: ext4 journals them and commits them with the next fsync of any file,
 * so by the time a later commit is durable, so is the deletion of an earlier rollback journal.
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

/* The shadow path of a path inside the watched folder, or 0 when it is outside. */
static int shadow_path(const char *path, char *target, size_t size)
{
    const char *watch = getenv("SHADOW_WATCH_DIR");
    const char *shadow = getenv("SHADOW_DIR");
    if (watch == NULL || shadow == NULL || path == NULL) return 0;
    size_t watch_length = strlen(watch);
    if (strncmp(path, watch, watch_length) != 0 || path[watch_length] != '/') return 0;
    snprintf(target, size, "%s/%s", shadow, path + watch_length + 1);
    return 1;
}

int unlink(const char *path)
{
    static int (*real_unlink)(const char *);
    if (real_unlink == NULL) real_unlink = (int (*)(const char *))dlsym(RTLD_NEXT, "unlink");
    int result = real_unlink(path);
    char target[PATH_MAX];
    if (result == 0 && shadow_path(path, target, sizeof target)) {
        pthread_mutex_lock(&shadow_lock);
        real_unlink(target);
        pthread_mutex_unlock(&shadow_lock);
    }
    return result;
}

int rename(const char *from, const char *to)
{
    static int (*real_rename)(const char *, const char *);
    if (real_rename == NULL) real_rename = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
    int result = real_rename(from, to);
    char shadow_from[PATH_MAX], shadow_to[PATH_MAX];
    if (result == 0 && shadow_path(from, shadow_from, sizeof shadow_from) && shadow_path(to, shadow_to, sizeof shadow_to)) {
        pthread_mutex_lock(&shadow_lock);
        real_rename(shadow_from, shadow_to);
        pthread_mutex_unlock(&shadow_lock);
    }
    return result;
}

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
    /* Read through a fresh descriptor: the caller's may be write-only. */
    int in = open(link, O_RDONLY);
    int out = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in >= 0 && out >= 0) {
        char buffer[65536];
        ssize_t read_bytes;
        while ((read_bytes = read(in, buffer, sizeof buffer)) > 0) {
            if (write(out, buffer, (size_t)read_bytes) != read_bytes) break;
        }
        close(out);
        out = -1;
        static int (*real_rename)(const char *, const char *);
        if (real_rename == NULL) real_rename = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
        real_rename(temporary, target);
    }
    if (in >= 0) close(in);
    if (out >= 0) close(out);
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
