/*
** cli.c: option parsing shared by every subcommand, and the operator
** commands: serve, init, migrate, office, user, token, backup, version.
** Everything a command changes goes through the store in a transaction and
** into the audit log as actor "cli".
*/
#include "cli.h"
#include "audit.h"
#include "auth.h"
#include "handover.h"
#include "http.h"
#include "i18n.h"
#include "seed.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef RAPPORT_VERSION
#define RAPPORT_VERSION "0.1.0"
#endif

static void print_usage(FILE *f, const char *usage, cli_opt *opts)
{
	fprintf(f, "%s\n", usage);
	if (opts && opts[0].name) fprintf(f, "\noptions:\n");
	for (int i = 0; opts && opts[i].name; i++)
		fprintf(f, "  %-22s %s%s%s%s\n", opts[i].name, opts[i].help, opts[i].env ? " [" : "",
		        opts[i].env ? opts[i].env : "", opts[i].env ? "]" : "");
	fprintf(f, "  %-22s %s\n", "--help", "show this help");
}

int cli_parse(int argc, char **argv, cli_opt *opts, const char *usage, const char **positional,
              int max_positional, int *npositional)
{
	*npositional = 0;
	for (int i = 0; opts[i].name; i++) {
		const char *e = opts[i].env ? getenv(opts[i].env) : NULL;
		if (e && *e) opts[i].value = e;
	}
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			print_usage(stdout, usage, opts);
			return 1;
		}
		if (str_starts(a, "--")) {
			const char *eq = strchr(a, '=');
			size_t n = eq ? (size_t)(eq - a) : strlen(a);
			int k;
			for (k = 0; opts[k].name; k++)
				if (strlen(opts[k].name) == n && strncmp(opts[k].name, a, n) == 0) break;
			if (!opts[k].name) {
				fprintf(stderr, "rapport: unknown option %.*s\n\n", (int)n, a);
				print_usage(stderr, usage, opts);
				return 2;
			}
			if (!opts[k].takes_value) opts[k].value = "1";
			else if (eq) opts[k].value = eq + 1;
			else if (i + 1 < argc) opts[k].value = argv[++i];
			else {
				fprintf(stderr, "rapport: %s needs a value\n", opts[k].name);
				return 2;
			}
			continue;
		}
		if (*npositional >= max_positional) {
			fprintf(stderr, "rapport: unexpected argument \"%s\"\n\n", a);
			print_usage(stderr, usage, opts);
			return 2;
		}
		positional[(*npositional)++] = a;
	}
	return 0;
}

const char *cli_get(cli_opt *opts, const char *name)
{
	for (int i = 0; opts[i].name; i++)
		if (strcmp(opts[i].name, name) == 0) return opts[i].value;
	return NULL;
}

#define DB_OPT {"--db", "RAPPORT_DB", true, "database: a SQLite path or postgres://... (default rapport.db)", "rapport.db"}

store *cli_open_store(const char *url)
{
	char *err = NULL;
	store *s = store_open(url, 0, &err);
	if (!s) {
		fprintf(stderr, "rapport: cannot open the database: %s\n", err ? err : "unknown error");
		free(err);
	}
	return s;
}

int64_t cli_office_id(store_conn *c, const char *office)
{
	int64_t id = 0;
	if (str_empty(office)) {
		fprintf(stderr, "rapport: say which office with --office (its id or short name)\n");
		return 0;
	}
	if (str_parse_int64(office, &id))
		id = store_query_int(c, 0, "SELECT id FROM offices WHERE id = ?", "i", id);
	else
		id = store_query_int(c, 0, "SELECT id FROM offices WHERE slug = ?", "t", office);
	if (!id) fprintf(stderr, "rapport: there is no office \"%s\" (see rapport office list)\n", office);
	return id;
}

static bool schema_current(store *s)
{
	int v = store_schema_version(s);
	if (v == store_latest_version()) return true;
	fprintf(stderr, "rapport: the database is at schema %d but this binary needs %d: run rapport migrate\n", v,
	        store_latest_version());
	return false;
}

static int env_int(const char *value, int dflt)
{
	int64_t n;
	return value && str_parse_int64(value, &n) && n > 0 && n < 1000000000 ? (int)n : dflt;
}

int cmd_serve(int argc, char **argv)
{
	cli_opt opts[] = {
		DB_OPT,
		{"--listen", "RAPPORT_LISTEN", true, "address to listen on (default 127.0.0.1:8080)", "127.0.0.1:8080"},
		{"--threads", "RAPPORT_THREADS", true, "worker threads (default 4)", "4"},
		{"--pool", "RAPPORT_POOL", true, "database connections (default: threads + 2)", NULL},
		{"--max-body", "RAPPORT_MAX_BODY", true, "largest request body in bytes (default 1048576)", "1048576"},
		{"--secure-cookies", "RAPPORT_SECURE_COOKIES", false, "mark cookies Secure (when behind TLS)", NULL},
		{"--trust-proxy", "RAPPORT_TRUST_PROXY", false, "take client addresses from X-Forwarded-For", NULL},
		{"--web-dir", "RAPPORT_WEB_DIR", true, "serve the UI from this folder instead of the built-in copy", NULL},
		{"--i18n-dir", "RAPPORT_I18N_DIR", true, "folder of extra message catalogs for public pages", NULL},
		{"--migrate", "RAPPORT_AUTO_MIGRATE", false, "apply pending migrations before serving", NULL},
		{0},
	};
	const char *pos[1];
	int npos;
	int rc = cli_parse(argc, argv, opts, "usage: rapport serve [OPTIONS]", pos, 0, &npos);
	if (rc) return rc == 1 ? 0 : rc;
	app a = {0};
	a.listen = cli_get(opts, "--listen");
	a.threads = env_int(cli_get(opts, "--threads"), 4);
	a.max_body = (size_t)env_int(cli_get(opts, "--max-body"), 1048576);
	a.secure_cookies = cli_get(opts, "--secure-cookies") != NULL;
	a.trust_proxy = cli_get(opts, "--trust-proxy") != NULL;
	a.web_dir = cli_get(opts, "--web-dir");
	a.i18n_dir = cli_get(opts, "--i18n-dir");
	a.session_idle_secs = 8 * 3600;
	a.session_max_secs = 7 * 24 * 3600;
	char *err = NULL;
	a.store = store_open(cli_get(opts, "--db"), env_int(cli_get(opts, "--pool"), a.threads + 2), &err);
	if (!a.store) {
		fprintf(stderr, "rapport: cannot open the database: %s\n", err ? err : "unknown error");
		free(err);
		return 1;
	}
	if (cli_get(opts, "--migrate") && store_migrate(a.store, &err) < 0) {
		fprintf(stderr, "rapport: %s\n", err);
		free(err);
		store_close(a.store);
		return 1;
	}
	if (!schema_current(a.store)) {
		store_close(a.store);
		return 1;
	}
	/* Catalogs now, not on the first public request: a broken one stops
	** the start, with the reason logged above, instead of a page later. */
	if (!i18n_init(a.i18n_dir)) {
		fprintf(stderr, "rapport: the message catalogs in %s could not all be loaded (see above); fix or remove"
		                " the files named, then start again\n", a.i18n_dir ? a.i18n_dir : "the build");
		store_close(a.store);
		return 1;
	}
	rc = http_serve(&a);
	store_close(a.store);
	return rc;
}

static int migrate_common(int argc, char **argv, const char *usage, bool must_be_new)
{
	cli_opt opts[] = {DB_OPT, {0}};
	const char *pos[1];
	int npos;
	int rc = cli_parse(argc, argv, opts, usage, pos, 0, &npos);
	if (rc) return rc == 1 ? 0 : rc;
	store *s = cli_open_store(cli_get(opts, "--db"));
	if (!s) return 1;
	if (must_be_new && store_schema_version(s) > 0) {
		fprintf(stderr, "rapport: %s already has a schema (version %d); use rapport migrate\n",
		        cli_get(opts, "--db"), store_schema_version(s));
		store_close(s);
		return 1;
	}
	char *err = NULL;
	int n = store_migrate(s, &err);
	if (n < 0) {
		fprintf(stderr, "rapport: %s\n", err);
		free(err);
		store_close(s);
		return 1;
	}
	printf("schema version %d (%d migration%s applied)\n", store_schema_version(s), n, n == 1 ? "" : "s");
	store_close(s);
	return 0;
}

int cmd_init(int argc, char **argv)
{
	return migrate_common(argc, argv, "usage: rapport init [--db URL]\n\nCreates a new database at the newest schema.", true);
}

int cmd_migrate(int argc, char **argv)
{
	return migrate_common(argc, argv,
	                      "usage: rapport migrate [--db URL]\n\nApplies pending numbered migrations; safe to run twice.",
	                      false);
}

static const audit_actor *cli_actor(int64_t office_id)
{
	static __thread audit_actor a;
	a.office_id = office_id;
	a.user_id = 0;
	a.actor = "cli";
	a.request_id = NULL;
	return &a;
}

/* Reads a password from standard input (first line), or generates one when
** stdin is a terminal or empty.  *generated says which.  Caller frees. */
static char *read_password(bool *generated)
{
	*generated = false;
	if (!isatty(0)) {
		char *line = NULL;
		size_t cap = 0;
		ssize_t n = getline(&line, &cap, stdin);
		if (n > 0) {
			while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
			if (n) return line;
		}
		free(line);
	}
	*generated = true;
	char *pw = xmalloc(25);
	random_hex(pw, 12);
	return pw;
}

int cmd_office(int argc, char **argv)
{
	static const char usage[] =
		"usage: rapport office add NAME [--slug SLUG] [--timezone ZONE]\n"
		"       rapport office list\n"
		"       rapport office opt-in|opt-out OFFICE\n\n"
		"add prints the new office's id.  opt-in lets the state view (users with the\n"
		"state role) count the office's figures; opt-out stops it.";
	cli_opt opts[] = {DB_OPT,
	                  {"--slug", NULL, true, "short name for URLs (default: from NAME)", NULL},
	                  {"--timezone", NULL, true, "IANA time zone (default America/New_York)", "America/New_York"},
	                  {0}};
	const char *pos[2];
	int npos;
	int rc = cli_parse(argc, argv, opts, usage, pos, 2, &npos);
	if (rc) return rc == 1 ? 0 : rc;
	bool add = npos == 2 && strcmp(pos[0], "add") == 0;
	bool list = npos == 1 && strcmp(pos[0], "list") == 0;
	bool opt = npos == 2 && (strcmp(pos[0], "opt-in") == 0 || strcmp(pos[0], "opt-out") == 0);
	if (!add && !list && !opt) {
		fprintf(stderr, "%s\n", usage);
		return 2;
	}
	store *s = cli_open_store(cli_get(opts, "--db"));
	if (!s) return 1;
	if (!schema_current(s)) {
		store_close(s);
		return 1;
	}
	store_conn *c = store_acquire(s);
	rc = 1;
	if (list) {
		store_stmt *st = store_prepare(c, "SELECT id, slug, name, timezone FROM offices ORDER BY id");
		store_bind(st, "");
		while (store_step(st) == STORE_ROW)
			printf("%lld\t%s\t%s\t%s\n", (long long)store_col_int(st, 0), store_col_text(st, 1),
			       store_col_text(st, 2), store_col_text(st, 3));
		store_reset(st);
		rc = 0;
		goto cleanup;
	}
	if (opt) {
		bool in = strcmp(pos[0], "opt-in") == 0;
		int64_t office = cli_office_id(c, pos[1]);
		if (!office) goto cleanup;
		char now[ISO_TIME_LEN];
		time_now_iso(now);
		store_begin(c, office, STORE_WRITE);
		json_t *after = json_pack("{s:b}", "state_opt_in", in);
		if (store_exec(c, "UPDATE offices SET state_opt_in = ?, version = version + 1 WHERE id = ?", "bi", in,
		               office) == 1 &&
		    audit_record(c, cli_actor(office), "update", "office", office, NULL, after) == STORE_OK &&
		    store_commit(c) == STORE_OK) {
			printf("office %lld %s the state view\n", (long long)office, in ? "joined" : "left");
			rc = 0;
		} else {
			store_rollback(c);
			fprintf(stderr, "rapport: cannot change the office: %s\n", store_errmsg(c));
		}
		json_decref(after);
		goto cleanup;
	}
	char *slug = xstrdup(cli_get(opts, "--slug"));
	if (!slug) {
		buf b = BUF_INIT;
		for (const char *p = pos[1]; *p; p++) {
			char ch = *p;
			if (ch >= 'A' && ch <= 'Z') ch = (char)(ch + 32);
			if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) buf_putc(&b, ch);
			else if (b.len && b.data[b.len - 1] != '-') buf_putc(&b, '-');
		}
		while (b.len && b.data[b.len - 1] == '-') b.data[--b.len] = 0;
		slug = b.len ? buf_take(&b) : xstrdup("office");
		buf_free(&b);
	}
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	store_begin(c, 0, STORE_WRITE);
	int64_t id = store_query_int(c, 0,
	    "INSERT INTO offices(name, slug, timezone, created_at) VALUES (?, ?, ?, ?) RETURNING id", "tttt",
	    pos[1], slug, cli_get(opts, "--timezone"), now);
	/* From here the transaction acts for the new office (row-level security
	** on PostgreSQL lets it write the office's first rows). */
	if (id && store_scope(c, id) != STORE_OK) id = 0;
	if (id) {
		json_t *after = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "name", pos[1], "slug", slug);
		audit_record(c, cli_actor(id), "create", "office", id, NULL, after);
		json_decref(after);
		seed_office_defaults(c, id);
	}
	if (id && store_commit(c) == STORE_OK) {
		printf("%lld\n", (long long)id);
		rc = 0;
	} else {
		store_rollback(c);
		fprintf(stderr, "rapport: cannot add the office: the short name \"%s\" may be taken (use --slug)\n", slug);
	}
	free(slug);
cleanup:
	store_release(c);
	store_close(s);
	return rc;
}

int cmd_user(int argc, char **argv)
{
	static const char usage[] =
		"usage: rapport user add --office OFFICE --email EMAIL --role ROLE [--name NAME]\n"
		"       rapport user passwd --email EMAIL\n"
		"       rapport user disable --email EMAIL\n"
		"       rapport user list --office OFFICE\n\n"
		"add and passwd read the password from standard input; when none is given\n"
		"they generate one and print it.  Roles: admin, director, coordinator,\n"
		"staff, viewer (and state, for the state's aggregate view).";
	if (argc > 0 && strcmp(argv[0], "handover") == 0) return cmd_user_handover(argc - 1, argv + 1);
	cli_opt opts[] = {DB_OPT,
	                  {"--office", "RAPPORT_OFFICE", true, "office id or short name", NULL},
	                  {"--email", NULL, true, "the user's email (their sign-in name)", NULL},
	                  {"--role", NULL, true, "admin, director, coordinator, staff, viewer or state", NULL},
	                  {"--name", NULL, true, "display name (default: the email)", NULL},
	                  {0}};
	const char *pos[1];
	int npos;
	int rc = cli_parse(argc, argv, opts, usage, pos, 1, &npos);
	if (rc) return rc == 1 ? 0 : rc;
	const char *verb = npos ? pos[0] : "";
	if (!str_eq(verb, "add") && !str_eq(verb, "passwd") && !str_eq(verb, "disable") && !str_eq(verb, "list")) {
		fprintf(stderr, "%s\n", usage);
		return 2;
	}
	const char *email = cli_get(opts, "--email");
	if (!str_eq(verb, "list") && str_empty(email)) {
		fprintf(stderr, "rapport: --email is required\n");
		return 2;
	}
	store *s = cli_open_store(cli_get(opts, "--db"));
	if (!s) return 1;
	if (!schema_current(s)) {
		store_close(s);
		return 1;
	}
	store_conn *c = store_acquire(s);
	rc = 1;
	char *lower = xstrdup(email ? email : "");
	str_lower_ascii(lower);
	if (str_eq(verb, "list")) {
		int64_t office = cli_office_id(c, cli_get(opts, "--office"));
		if (!office) goto cleanup;
		store_stmt *st = store_prepare(c,
		    "SELECT id, email, name, role, active FROM users WHERE office_id = ? ORDER BY email");
		store_bind(st, "i", office);
		while (store_step(st) == STORE_ROW)
			printf("%lld\t%s\t%s\t%s\t%s\n", (long long)store_col_int(st, 0), store_col_text(st, 1),
			       store_col_text(st, 2), store_col_text(st, 3), store_col_int(st, 4) ? "active" : "disabled");
		store_reset(st);
		rc = 0;
		goto cleanup;
	}
	if (str_eq(verb, "add")) {
		int64_t office = cli_office_id(c, cli_get(opts, "--office"));
		if (!office) goto cleanup;
		if (str_empty(cli_get(opts, "--role"))) {
			fprintf(stderr, "rapport: --role is required\n");
			goto cleanup;
		}
		bool generated;
		char *pw = read_password(&generated);
		const char *why = NULL;
		store_begin(c, office, STORE_WRITE);
		int64_t id = auth_user_create(c, office, lower, cli_get(opts, "--name"), cli_get(opts, "--role"), pw, &why);
		if (id) {
			json_t *after = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "email", lower, "role",
			                          cli_get(opts, "--role"));
			audit_record(c, cli_actor(office), "create", "user", id, NULL, after);
			json_decref(after);
		}
		if (id && store_commit(c) == STORE_OK) {
			printf("%lld\n", (long long)id);
			if (generated) printf("password: %s\n", pw);
			rc = 0;
		} else {
			store_rollback(c);
			fprintf(stderr, "rapport: cannot add the user: %s\n", why ? why : store_errmsg(c));
		}
		free(pw);
		goto cleanup;
	}
	int64_t office = store_query_int(c, 0, "SELECT office_id FROM users WHERE email = ?", "t", lower);
	int64_t uid = store_query_int(c, 0, "SELECT id FROM users WHERE email = ?", "t", lower);
	if (!uid) {
		fprintf(stderr, "rapport: there is no user %s\n", lower);
		goto cleanup;
	}
	char now[ISO_TIME_LEN];
	time_now_iso(now);
	store_begin(c, office, STORE_WRITE);
	int64_t held = str_eq(verb, "disable") ? handover_remaining(c, office, uid) : 0;
	if (held != 0) {   /* as PATCH /users/{id}: leaving with holdings goes through the handover */
		store_rollback(c);
		if (held < 0) fprintf(stderr, "rapport: cannot read what %s holds: %s\n", lower, store_errmsg(c));
		else
			fprintf(stderr, "rapport: %s still holds %lld item%s (relationships, follow-ups, feedback or drafts);"
			                " run rapport user handover %s --to EMAIL, which also disables the account\n",
			        lower, (long long)held, held == 1 ? "" : "s", lower);
	} else if (str_eq(verb, "disable")) {
		store_exec(c, "UPDATE users SET active = 0, updated_at = ?, version = version + 1 WHERE id = ?", "ti", now, uid);
		store_exec(c, "DELETE FROM sessions WHERE user_id = ?", "i", uid);
		json_t *after = json_pack("{s:b}", "active", 0);
		audit_record(c, cli_actor(office), "update", "user", uid, NULL, after);
		json_decref(after);
		if (store_commit(c) == STORE_OK) rc = 0, printf("disabled %s\n", lower);
	} else {
		bool generated;
		char *pw = read_password(&generated);
		char hash[128];
		const char *why = auth_password_problem(pw);
		if (why) {
			fprintf(stderr, "rapport: %s\n", why);
		} else if (auth_password_hash(pw, hash)) {
			store_exec(c, "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL,"
			              " updated_at = ?, version = version + 1 WHERE id = ?", "tti", hash, now, uid);
			store_exec(c, "DELETE FROM sessions WHERE user_id = ?", "i", uid);
			audit_record(c, cli_actor(office), "password", "user", uid, NULL, NULL);
			if (store_commit(c) == STORE_OK) {
				rc = 0;
				if (generated) printf("password: %s\n", pw);
				else printf("password changed for %s\n", lower);
			}
		}
		free(pw);
	}
	store_rollback(c);
cleanup:
	free(lower);
	store_release(c);
	store_close(s);
	return rc;
}

int cmd_token(int argc, char **argv)
{
	static const char usage[] =
		"usage: rapport token create --office OFFICE --user EMAIL --name NAME\n"
		"       rapport token list --office OFFICE\n"
		"       rapport token revoke --office OFFICE ID\n\n"
		"create prints the token once; only its hash is kept.  Send it as\n"
		"Authorization: Bearer TOKEN; it has the rights of its user.";
	cli_opt opts[] = {DB_OPT,
	                  {"--office", "RAPPORT_OFFICE", true, "office id or short name", NULL},
	                  {"--user", NULL, true, "email of the user the token acts as", NULL},
	                  {"--name", NULL, true, "what the token is for", NULL},
	                  {0}};
	const char *pos[2];
	int npos;
	int rc = cli_parse(argc, argv, opts, usage, pos, 2, &npos);
	if (rc) return rc == 1 ? 0 : rc;
	const char *verb = npos ? pos[0] : "";
	if (!(str_eq(verb, "create") && npos == 1) && !(str_eq(verb, "list") && npos == 1) &&
	    !(str_eq(verb, "revoke") && npos == 2)) {
		fprintf(stderr, "%s\n", usage);
		return 2;
	}
	store *s = cli_open_store(cli_get(opts, "--db"));
	if (!s) return 1;
	if (!schema_current(s)) {
		store_close(s);
		return 1;
	}
	store_conn *c = store_acquire(s);
	rc = 1;
	int64_t office = cli_office_id(c, cli_get(opts, "--office"));
	if (!office) goto cleanup;
	if (str_eq(verb, "list")) {
		store_stmt *st = store_prepare(c,
		    "SELECT t.id, t.name, t.prefix, u.email, t.created_at, coalesce(t.last_used_at, '-'),"
		    " coalesce(t.revoked_at, 'active') FROM api_tokens t JOIN users u ON u.id = t.user_id"
		    " WHERE t.office_id = ? ORDER BY t.id");
		store_bind(st, "i", office);
		while (store_step(st) == STORE_ROW)
			printf("%lld\t%s\t%s…\t%s\t%s\t%s\t%s\n", (long long)store_col_int(st, 0), store_col_text(st, 1),
			       store_col_text(st, 2), store_col_text(st, 3), store_col_text(st, 4), store_col_text(st, 5),
			       store_col_text(st, 6));
		store_reset(st);
		rc = 0;
		goto cleanup;
	}
	store_begin(c, office, STORE_WRITE);
	if (str_eq(verb, "create")) {
		char *lower = xstrdup(cli_get(opts, "--user") ? cli_get(opts, "--user") : "");
		str_lower_ascii(lower);
		int64_t uid = store_query_int(c, 0, "SELECT id FROM users WHERE office_id = ? AND email = ? AND active = 1",
		                              "it", office, lower);
		free(lower);
		if (!uid || str_empty(cli_get(opts, "--name"))) {
			fprintf(stderr, "rapport: give --user (an active user of this office) and --name\n");
			store_rollback(c);
			goto cleanup;
		}
		char *token = NULL;
		int64_t id = auth_token_create(c, office, uid, cli_get(opts, "--name"), &token);
		json_t *after = json_pack("{s:I, s:s}", "user_id", (json_int_t)uid, "name", cli_get(opts, "--name"));
		if (id) audit_record(c, cli_actor(office), "create", "api_token", id, NULL, after);
		json_decref(after);
		if (id && store_commit(c) == STORE_OK) {
			printf("%s\n", token);
			rc = 0;
		}
		free(token);
	} else {
		int64_t id;
		char now[ISO_TIME_LEN];
		time_now_iso(now);
		if (!str_parse_int64(pos[1], &id) ||
		    store_exec(c, "UPDATE api_tokens SET revoked_at = ? WHERE office_id = ? AND id = ? AND revoked_at IS NULL",
		               "tii", now, office, id) != 1) {
			fprintf(stderr, "rapport: no active token %s in this office\n", pos[1]);
		} else {
			audit_record(c, cli_actor(office), "revoke", "api_token", id, NULL, NULL);
			if (store_commit(c) == STORE_OK) rc = 0, printf("revoked %lld\n", (long long)id);
		}
	}
	store_rollback(c);
cleanup:
	store_release(c);
	store_close(s);
	return rc;
}

int cmd_backup(int argc, char **argv)
{
	cli_opt opts[] = {DB_OPT, {0}};
	const char *pos[1];
	int npos;
	int rc = cli_parse(argc, argv, opts,
	                   "usage: rapport backup DEST.db [--db URL]\n\n"
	                   "Writes a consistent copy of a live SQLite database (the online backup API);\n"
	                   "the server may keep running.  For PostgreSQL use pg_dump.",
	                   pos, 1, &npos);
	if (rc) return rc == 1 ? 0 : rc;
	if (npos != 1) {
		fprintf(stderr, "rapport: say where to write the backup: rapport backup DEST.db\n");
		return 2;
	}
	if (access(pos[0], F_OK) == 0) {
		fprintf(stderr, "rapport: %s already exists; choose a new file\n", pos[0]);
		return 1;
	}
	store *s = cli_open_store(cli_get(opts, "--db"));
	if (!s) return 1;
	char *err = NULL;
	rc = store_backup(s, pos[0], &err);
	store_close(s);
	if (rc != STORE_OK) {
		fprintf(stderr, "rapport: %s\n", err ? err : "backup failed");
		free(err);
		return 1;
	}
	printf("backed up to %s\n", pos[0]);
	return 0;
}

int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("rapport %s (schema %d)\n", RAPPORT_VERSION, store_latest_version());
	return 0;
}
