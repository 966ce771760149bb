/*
 * driver.c — runs a fuzz target over its seed corpus without libFuzzer, as
 * an ordinary test (TAP): every file of tests/fuzz/corpus/NAME, or of the
 * files and directories given as arguments, is passed to
 * LLVMFuzzerTestOneInput once. A broken invariant aborts the program (and so
 * fails the test).
 *
 * Environment: top_srcdir (set by `make check`). NAME is compiled in as
 * FUZZ_NAME.
 */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"

#ifndef FUZZ_NAME
#error "FUZZ_NAME must name the corpus directory"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int ntests;

static int
run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	buf b;
	char chunk[8192];
	size_t n;

	if (!f) {
		printf("not ok %d - %s: cannot open\n", ++ntests, path);
		return 1;
	}
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	/* an exact-size copy, so that a read past the end is caught by ASan */
	uint8_t *data = xmalloc(b.len ? b.len : 1);
	if (b.len)
		memcpy(data, b.data, b.len);
	LLVMFuzzerTestOneInput(data, b.len);
	free(data);
	printf("ok %d - %s (%zu bytes)\n", ++ntests, strrchr(path, '/') ? strrchr(path, '/') + 1 : path, b.len);
	fflush(stdout);
	buf_free(&b);
	return 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
run_path(const char *path)
{
	struct stat sb;
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;
	int fails = 0;

	if (stat(path, &sb) != 0) {
		printf("not ok %d - %s: missing\n", ++ntests, path);
		return 1;
	}
	if (!S_ISDIR(sb.st_mode))
		return run_file(path);
	if (!(d = opendir(path))) {
		printf("not ok %d - %s: cannot open\n", ++ntests, path);
		return 1;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		names = xrealloc(names, (n + 1) * sizeof *names);
		names[n] = xmalloc(strlen(path) + strlen(e->d_name) + 2);
		sprintf(names[n], "%s/%s", path, e->d_name);
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		fails += run_file(names[i]);
		free(names[i]);
	}
	free(names);
	return fails;
}

int
main(int argc, char **argv)
{
	int fails = 0;

	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			fails += run_path(argv[i]);
	} else {
		const char *top = getenv("top_srcdir");
		char path[4096];

		snprintf(path, sizeof path, "%s/tests/fuzz/corpus/%s", top && *top ? top : ".", FUZZ_NAME);
		fails += run_path(path);
	}
	if (ntests == 0)
		printf("not ok 1 - the corpus is empty\n"), ntests = 1, fails = 1;
	printf("1..%d\n", ntests);
	return fails ? 1 : 0;
}
