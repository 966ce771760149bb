/*
 * ptyrun — run a program in a pseudo-terminal of a given size, type a script
 * of keys into it and record every byte it writes. Used by the desk tests
 * where a terminal multiplexer cannot help (e.g. a GB18030 locale: tmux
 * speaks UTF-8 only).
 *
 *   ptyrun [-s COLSxROWS] [-o FILE] [-e NAME=VALUE]... [-d MS] [-t SECONDS]
 *          [-k KEYS | -p MS | -w TEXT]... -- COMMAND [ARG...]
 *
 *   -s   terminal size (default 80x24)
 *   -o   file that receives the program's output, byte for byte (default: none)
 *   -e   set an environment variable for the program (repeatable)
 *   -d   pause before each -k, in milliseconds (default 100)
 *   -t   give up after this many seconds: the program is killed, exit 124
 *        (default 20)
 *   -k   type KEYS (escapes: \e \r \n \t \\ \xHH)
 *   -p   pause MS milliseconds
 *   -w   wait until TEXT (same escapes) appears in the output written since
 *        the last -k; exit 125 if it does not appear within -t
 * The script runs in order; then ptyrun waits for the program to end and
 * exits with its status (128+N if killed by signal N).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct action {
	char kind;        /* 'k', 'p', 'w' */
	char *data;       /* decoded bytes for k and w */
	size_t len;
	long ms;          /* for p */
};

static long
now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static char *
decode(const char *s, size_t *len)
{
	char *out = malloc(strlen(s) + 1);
	size_t o = 0;

	if (!out) {
		perror("ptyrun");
		exit(2);
	}
	while (*s) {
		if (*s != '\\' || !s[1]) {
			out[o++] = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case 'e': out[o++] = 0x1b; s++; break;
		case 'r': out[o++] = '\r'; s++; break;
		case 'n': out[o++] = '\n'; s++; break;
		case 't': out[o++] = '\t'; s++; break;
		case '\\': out[o++] = '\\'; s++; break;
		case 'x':
			if (hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
				out[o++] = (char)(hexval(s[1]) * 16 + hexval(s[2]));
				s += 3;
				break;
			}
			/* fall through */
		default:
			out[o++] = '\\';
			break;
		}
	}
	out[o] = '\0';
	*len = o;
	return out;
}

static void
usage(void)
{
	fprintf(stderr, "usage: ptyrun [-s COLSxROWS] [-o FILE] [-e NAME=VALUE]... [-d MS] "
	                "[-t SECONDS] [-k KEYS | -p MS | -w TEXT]... -- COMMAND [ARG...]\n");
	exit(64);
}

int
main(int argc, char **argv)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	const char *outpath = NULL;
	char **envs = calloc((size_t)argc, sizeof *envs);
	struct action *acts = calloc((size_t)argc, sizeof *acts);
	size_t nenv = 0, nact = 0;
	long delay = 100, timeout = 20;
	int i;

	if (!envs || !acts)
		return 2;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[0] != '-' || !a[1] || a[2] || i + 1 >= argc)
			usage();
		const char *v = argv[++i];
		switch (a[1]) {
		case 's': {
			unsigned c, r;
			if (sscanf(v, "%ux%u", &c, &r) != 2 || c < 1 || r < 1 || c > 1000 || r > 1000)
				usage();
			ws.ws_col = (unsigned short)c;
			ws.ws_row = (unsigned short)r;
			break;
		}
		case 'o': outpath = v; break;
		case 'e': envs[nenv++] = (char *)v; break;
		case 'd': delay = atol(v); break;
		case 't': timeout = atol(v); break;
		case 'k':
		case 'w':
			acts[nact].kind = a[1];
			acts[nact].data = decode(v, &acts[nact].len);
			nact++;
			break;
		case 'p':
			acts[nact].kind = 'p';
			acts[nact].ms = atol(v);
			nact++;
			break;
		default:
			usage();
		}
	}
	if (i >= argc)
		usage();

	FILE *out = NULL;
	if (outpath && !(out = fopen(outpath, "wb"))) {
		perror(outpath);
		return 74;
	}

	int master;
	pid_t pid = forkpty(&master, NULL, NULL, &ws);
	if (pid < 0) {
		perror("ptyrun: forkpty");
		return 71;
	}
	if (pid == 0) {
		for (size_t k = 0; k < nenv; k++)
			putenv(envs[k]);
		execvp(argv[i], argv + i);
		perror(argv[i]);
		_exit(127);
	}

	/* all output, to look for -w texts */
	size_t cap = 1 << 16, len = 0, mark = 0;
	char *all = malloc(cap);
	long start = now_ms(), next_at = start + delay;
	size_t ai = 0;
	int status = 0, rc = -1;
	for (;;) {
		long t = now_ms();
		if (t - start > timeout * 1000L) {
			fprintf(stderr, "ptyrun: timed out after %ld s\n", timeout);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			rc = ai < nact && acts[ai].kind == 'w' ? 125 : 124;
			break;
		}
		/* run the script */
		while (ai < nact) {
			struct action *a = &acts[ai];
			if (a->kind == 'w') {
				if (len >= mark && a->len <= len - mark
				    && memmem(all + mark, len - mark, a->data, a->len)) {
					ai++;
					next_at = now_ms() + delay;
					continue;
				}
				break;
			}
			if (now_ms() < next_at)
				break;
			if (a->kind == 'p') {
				next_at = now_ms() + a->ms;
				ai++;
				continue;
			}
			/* 'k' */
			size_t off = 0;
			while (off < a->len) {
				ssize_t w = write(master, a->data + off, a->len - off);
				if (w < 0 && errno == EINTR)
					continue;
				if (w <= 0)
					break;
				off += (size_t)w;
			}
			mark = len;
			ai++;
			next_at = now_ms() + delay;
		}
		struct pollfd p = { .fd = master, .events = POLLIN };
		int pr = poll(&p, 1, 20);
		if (pr < 0 && errno != EINTR)
			break;
		if (pr > 0) {
			char b[4096];
			ssize_t n = read(master, b, sizeof b);
			if (n <= 0) {
				/* EIO: the program closed the terminal */
				waitpid(pid, &status, 0);
				break;
			}
			if (out)
				fwrite(b, 1, (size_t)n, out);
			if (len + (size_t)n > cap) {
				while (len + (size_t)n > cap)
					cap *= 2;
				all = realloc(all, cap);
				if (!all)
					return 2;
			}
			memcpy(all + len, b, (size_t)n);
			len += (size_t)n;
		} else if (waitpid(pid, &status, WNOHANG) == pid) {
			/* drain what is left */
			char b[4096];
			ssize_t n;
			int fl = fcntl(master, F_GETFL);
			fcntl(master, F_SETFL, fl | O_NONBLOCK);
			while ((n = read(master, b, sizeof b)) > 0)
				if (out)
					fwrite(b, 1, (size_t)n, out);
			break;
		}
	}
	if (out)
		fclose(out);
	close(master);
	free(all);
	for (size_t k = 0; k < nact; k++)
		free(acts[k].data);
	free(acts);
	free(envs);
	if (rc >= 0)
		return rc;
	if (ai < nact)
		fprintf(stderr, "ptyrun: the program ended before the script did (step %zu)\n", ai + 1);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 70;
}
