/*
** http.c: libmicrohttpd glue.  Collects a request (body capped at
** app.max_body), routes it, authenticates the caller, checks role, CSRF
** token, content type and JSON, runs the handler, and sends its one reply
** with security headers.  Logs one line per request: time, request id,
** method, path, status, duration.
*/
#include "http.h"
#include "auth.h"
#include "json.h"
#include "router.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *const role_names[] = {
	[ROLE_PUBLIC] = "public",     [ROLE_VIEWER] = "viewer",       [ROLE_STAFF] = "staff",
	[ROLE_COORDINATOR] = "coordinator", [ROLE_DIRECTOR] = "director", [ROLE_ADMIN] = "admin",
	[ROLE_STATE] = "state",
};

const char *role_name(int role)
{
	if (role < 0 || role >= (int)countof(role_names) || !role_names[role]) return "unknown";
	return role_names[role];
}

int role_parse(const char *name)
{
	for (int i = 1; i < (int)countof(role_names); i++)
		if (role_names[i] && str_eq(role_names[i], name)) return i;
	return -1;
}

const char *http_query(http_req *r, const char *key)
{
	if (!r->mhd) return NULL;
	return MHD_lookup_connection_value(r->mhd, MHD_GET_ARGUMENT_KIND, key);
}

const char *http_header_get(http_req *r, const char *name)
{
	if (!r->mhd) return NULL;
	return MHD_lookup_connection_value(r->mhd, MHD_HEADER_KIND, name);
}

const char *http_cookie(http_req *r, const char *name)
{
	if (!r->mhd) return NULL;
	return MHD_lookup_connection_value(r->mhd, MHD_COOKIE_KIND, name);
}

bool http_param_id(http_req *r, int idx, int64_t *out)
{
	int64_t v;
	if (idx < r->nparams && str_parse_int64(r->params[idx], &v) && v > 0) {
		*out = v;
		return true;
	}
	http_reply_error(r, 404, "not_found", NULL, "There is no such record.");
	return false;
}

store_conn *http_db(http_req *r)
{
	if (r->db) return r->db;
	r->db = store_acquire(r->app->store);
	if (!r->db) {
		http_header_add(r, "Retry-After", "5");
		http_reply_error(r, 503, "store.unavailable", NULL,
		                 "The database is unavailable right now. Nothing was changed; try again shortly.");
	}
	return r->db;
}

void http_header_add(http_req *r, const char *name, const char *value)
{
	if (r->nheaders >= (int)countof(r->headers)) {
		log_error("http: too many headers on a reply; dropped %s", name);
		return;
	}
	r->headers[r->nheaders].name = xstrdup(name);
	r->headers[r->nheaders].value = xstrdup(value);
	r->nheaders++;
}

void http_reply_take(http_req *r, int status, const char *content_type, char *data, size_t len)
{
	if (r->replied) {
		log_error("http: second reply to request %s dropped (bug)", r->request_id);
		free(data);
		return;
	}
	r->replied = true;
	r->status = status;
	r->content_type = content_type;
	r->reply_body = data;
	r->reply_len = len;
}

void http_reply(http_req *r, int status, const char *content_type, const char *data, size_t len)
{
	http_reply_take(r, status, content_type, xstrndup(data, len), len);
}

void http_reply_json(http_req *r, int status, json_t *body)
{
	if (!body) {
		/* json_pack refused a value (text that is not UTF-8): a bug, but
		** not one that may take the server down. */
		log_error("http: %s reply to request %s could not be built as JSON (bug)", r->method,
		          r->request_id);
		status = 500;
		body = json_pack("{s:{s:s, s:s, s:n}}", "error", "code", "internal", "message",
		                 "Something went wrong on the server. Nothing was changed.", "field");
	}
	buf b = BUF_INIT;
	if (!json_write(&b, body)) {
		log_error("http: %s reply to request %s holds invalid UTF-8 (bug)", r->method, r->request_id);
		buf_reset(&b);
		buf_puts(&b, "{\"error\":{\"code\":\"internal\",\"message\":\"Something went wrong on the server."
		             " Nothing was changed.\",\"field\":null}}");
		status = 500;
	}
	json_decref(body);
	size_t len = b.len;
	http_reply_take(r, status, "application/json", buf_take(&b), len);
}

void http_reply_no_content(http_req *r) { http_reply_take(r, 204, NULL, xstrdup(""), 0); }

void http_reply_error(http_req *r, int status, const char *code, const char *field,
                      const char *fmt, ...)
{
	buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	/* The message may quote what the client sent (a path, a parameter):
	** scrubbed, so bytes that are not UTF-8 cannot break the JSON. */
	char *msg = utf8_scrub(b.data ? b.data : "");
	json_t *err = json_pack("{s:s, s:s}", "code", code, "message", msg);
	json_object_set_new(err, "field", field ? json_string(field) : json_null());
	free(msg);
	buf_free(&b);
	http_reply_json(r, status, json_pack("{s:o}", "error", err));
}

void http_reply_store_error(http_req *r, int rc)
{
	switch (rc) {
	case STORE_CONSTRAINT:
		http_reply_error(r, 409, "conflict.duplicate", NULL,
		                 "This conflicts with an existing record (a duplicate or a broken rule).");
		break;
	case STORE_FOREIGN_KEY:
		http_reply_error(r, 422, "validation.reference", NULL,
		                 "A record this refers to does not exist.");
		break;
	case STORE_BUSY:
		http_header_add(r, "Retry-After", "1");
		http_reply_error(r, 503, "store.busy", NULL,
		                 "The database is busy. Nothing was changed; try again.");
		break;
	case STORE_UNAVAILABLE:
		http_header_add(r, "Retry-After", "5");
		http_reply_error(r, 503, "store.unavailable", NULL,
		                 "The database is unavailable right now. Nothing was changed; try again shortly.");
		break;
	default:
		http_reply_error(r, 500, "internal", NULL,
		                 "Something went wrong on the server (request %s). Nothing was changed.",
		                 r->request_id);
	}
}

static bool is_unsafe(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 && strcmp(method, "OPTIONS") != 0;
}

static bool content_type_is(http_req *r, const char *want)
{
	const char *ct = http_header_get(r, "Content-Type");
	if (!ct) return false;
	size_t n = strlen(want);
	if (strncasecmp(ct, want, n) != 0) return false;
	return ct[n] == 0 || ct[n] == ';' || ct[n] == ' ';
}

/* The largest body a request may send: CSV uploads (imports) may be up to
** HTTP_MAX_CSV_BODY even when the JSON limit is smaller. */
static size_t body_limit(const app *a, struct MHD_Connection *conn)
{
	const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
	if (ct && strncasecmp(ct, "text/csv", 8) == 0 && (ct[8] == 0 || ct[8] == ';' || ct[8] == ' '))
		return a->max_body > HTTP_MAX_CSV_BODY ? a->max_body : HTTP_MAX_CSV_BODY;
	return a->max_body;
}

static bool check_body(http_req *r)
{
	const route *rt = r->route;
	if (r->body_too_large) {
		http_reply_error(r, 413, "request.too_large", NULL,
		                 "The request body is larger than %zu bytes.", r->mhd ? body_limit(r->app, r->mhd) : r->app->max_body);
		return false;
	}
	if (!is_unsafe(r->method) || rt->body == BODY_NONE) return true;
	static const char *const types[] = {
		[BODY_JSON] = "application/json",
		[BODY_CSV] = "text/csv",
		[BODY_FORM] = "application/x-www-form-urlencoded",
	};
	if (!content_type_is(r, types[rt->body])) {
		http_reply_error(r, 415, "request.content_type", NULL,
		                 "Send this request with Content-Type: %s.", types[rt->body]);
		return false;
	}
	/* CSV is checked by the importer, which reports the line of the first bad byte. */
	if (rt->body != BODY_CSV && !utf8_valid(r->body.data ? r->body.data : "", r->body.len)) {
		http_reply_error(r, 400, "request.invalid_utf8", NULL,
		                 "The request body is not valid UTF-8 text.");
		return false;
	}
	if (rt->body != BODY_JSON) return true;
	json_error_t jerr;
	r->json = json_loadb(r->body.data ? r->body.data : "", r->body.len,
	                     JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
	if (!r->json) {
		http_reply_error(r, 400, "request.malformed_json", NULL,
		                 "The request body is not valid JSON: %s (line %d, column %d).", jerr.text,
		                 jerr.line, jerr.column);
		return false;
	}
	return true;
}

void http_dispatch(http_req *r)
{
	bool path_known;
	free(r->path_buf);
	r->path_buf = xstrdup(r->url);
	r->route = router_match(r->method, r->path_buf, r->params, &r->nparams, &path_known);
	const route *rt = r->route;
	if (!rt) {
		if (path_known)
			http_reply_error(r, 405, "request.method", NULL, "%s is not allowed here.", r->method);
		else
			http_reply_error(r, 404, "not_found", NULL, "There is nothing at %s.", r->url);
		return;
	}
	if (rt->min_role != ROLE_PUBLIC) {
		if (!auth_authenticate(r)) {
			if (!r->replied)
				http_reply_error(r, 401, "auth.required", NULL,
				                 "Sign in first, or send a valid API token.");
			return;
		}
		if (!router_allows(rt, r->caller.role)) {
			http_reply_error(r, 403, "auth.forbidden", NULL,
			                 "Your role (%s) may not do this.", role_name(r->caller.role));
			return;
		}
		if (is_unsafe(r->method) && !r->caller.bearer && !(rt->flags & ROUTE_NO_CSRF)) {
			const char *sent = http_header_get(r, "X-CSRF-Token");
			if (!sent || !auth_token_equal(sent, r->caller.csrf)) {
				http_reply_error(r, 403, "auth.csrf", NULL,
				                 "This change is missing its CSRF token; reload the page and try again.");
				return;
			}
		}
	}
	if (!check_body(r)) return;
	rt->handler(r);
	if (!r->replied) {
		log_error("http: request %s (%s) wrote no reply (bug)", r->request_id, r->route->path);
		http_reply_error(r, 500, "internal", NULL, "The server wrote no reply (request %s).",
		                 r->request_id);
	}
}

void http_req_free(http_req *r)
{
	if (!r) return;
	if (r->db) store_release(r->db);
	buf_free(&r->body);
	json_decref(r->json);
	free(r->path_buf);
	free(r->reply_body);
	for (int i = 0; i < r->nheaders; i++) {
		free(r->headers[i].name);
		free(r->headers[i].value);
	}
	free(r);
}

/* ---- libmicrohttpd ---- */

static void client_address(http_req *r, struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	strcpy(r->client_ip, "unknown");
	if (r->app->trust_proxy) {
		/* The last address is the one our proxy added; those before it are
		** whatever the client sent, and would let it pick its own rate-limit key. */
		const char *fwd = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For");
		if (fwd) {
			const char *last = strrchr(fwd, ',');
			last = last ? last + 1 : fwd;
			while (*last == ' ' || *last == '\t') last++;
			size_t n = strcspn(last, " \t");
			unsigned char addr[sizeof(struct in6_addr)];
			char ip[sizeof r->client_ip];
			if (n > 0 && n < sizeof ip) {
				memcpy(ip, last, n);
				ip[n] = 0;
				if (inet_pton(AF_INET, ip, addr) == 1 || inet_pton(AF_INET6, ip, addr) == 1) {
					memcpy(r->client_ip, ip, n + 1);
					return;
				}
			}
		}
	}
	if (!ci || !ci->client_addr) return;
	if (ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)ci->client_addr)->sin_addr, r->client_ip,
		          sizeof r->client_ip);
	else if (ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)ci->client_addr)->sin6_addr, r->client_ip,
		          sizeof r->client_ip);
}

static enum MHD_Result send_reply(http_req *r)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(r->reply_len, r->reply_body,
	                                                            MHD_RESPMEM_MUST_FREE);
	r->reply_body = NULL;   /* MHD owns it now */
	if (r->content_type) MHD_add_response_header(resp, "Content-Type", r->content_type);
	MHD_add_response_header(resp, "X-Request-Id", r->request_id);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	/* Behind TLS (--secure-cookies): browsers must not fall back to plain HTTP. */
	if (r->app->secure_cookies)
		MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000; includeSubDomains");
	bool has_cc = false, has_csp = false;
	for (int i = 0; i < r->nheaders; i++) {
		MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
		has_cc |= strcasecmp(r->headers[i].name, "Cache-Control") == 0;
		has_csp |= strcasecmp(r->headers[i].name, "Content-Security-Policy") == 0;
	}
	if (!has_cc) MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (!has_csp)
		MHD_add_response_header(resp, "Content-Security-Policy",
		                        "default-src 'self'; img-src 'self' data:; style-src 'self';"
		                        " frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
	enum MHD_Result ret = MHD_queue_response(r->mhd, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Request ids must be unique, not secret: hex of random bytes from a
** per-thread pool refilled 4 KiB at a time, one getrandom(2) per 512
** requests rather than one for each. */
static void request_id_new(char out[17])
{
	static __thread unsigned char pool[4096];
	static __thread size_t used = sizeof pool;
	if (used + 8 > sizeof pool) {
		randombytes_buf(pool, sizeof pool);
		used = 0;
	}
	sodium_bin2hex(out, 17, pool + used, 8);
	used += 8;
}

/* The longest request target (path and query) and header section rapport
** reads.  Longer ones are answered here, in JSON for /api/ paths and short
** plain text elsewhere.  What does not fit libmicrohttpd's per-connection
** memory (MHD_OPTION_CONNECTION_MEMORY_LIMIT below, about 60 KB) never
** reaches rapport: libmicrohttpd answers that itself (414/431, a short
** HTML page of its own). */
#define HTTP_MAX_TARGET 8192
#define HTTP_MAX_HEADERS 32768

static enum MHD_Result add_value_size(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	*(size_t *)cls += strlen(key) + (value ? strlen(value) : 0) + 4;   /* "K: V\r\n", "K=V&" */
	return MHD_YES;
}

/* 414 or 431 when the request's head is longer than rapport reads, else 0. */
static int head_too_large(struct MHD_Connection *conn, const char *url)
{
	size_t target = strlen(url), headers = 0;
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, add_value_size, &target);
	if (target > HTTP_MAX_TARGET) return 414;
	MHD_get_connection_values(conn, MHD_HEADER_KIND, add_value_size, &headers);
	return headers > HTTP_MAX_HEADERS ? 431 : 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
	(void)version;
	app *a = cls;
	http_req *r = *con_cls;
	if (!r) {
		r = xcalloc(1, sizeof *r);
		r->app = a;
		r->mhd = conn;
		r->method = method;
		r->url = url;
		r->started_ms = time_now_ms();
		request_id_new(r->request_id);
		client_address(r, conn);
		*con_cls = r;
		int big = head_too_large(conn, url);
		if (big) {
			r->body_too_large = true;   /* a body that follows is not read */
			if (str_starts(url, "/api/"))
				http_reply_error(r, big, big == 414 ? "request.target_too_long" : "request.headers_too_large", NULL,
				                 big == 414 ? "The address is longer than %d bytes." :
				                              "The request's headers are longer than %d bytes.",
				                 big == 414 ? HTTP_MAX_TARGET : HTTP_MAX_HEADERS);
			else if (big == 414)
				http_reply(r, big, "text/plain; charset=utf-8", "The address is too long.\n", 25);
			else
				http_reply(r, big, "text/plain; charset=utf-8", "The request's headers are too long.\n", 36);
			return send_reply(r);
		}
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		int64_t n;
		size_t limit = body_limit(a, conn);
		if (cl && str_parse_int64(cl, &n) && (n < 0 || (uint64_t)n > limit)) {
			/* Drain a moderately oversized body so the client reads our 413
			** instead of a reset; refuse an absurd one at once. */
			r->body_too_large = true;
			if (n < 0 || (uint64_t)n > 16 * limit) {
				http_reply_error(r, 413, "request.too_large", NULL,
				                 "The request body is larger than %zu bytes.", limit);
				return send_reply(r);
			}
		}
		return MHD_YES;
	}
	if (*upload_size) {
		if (!r->body_too_large) {
			if (r->body.len + *upload_size > body_limit(a, conn)) {
				r->body_too_large = true;
				buf_free(&r->body);
			} else {
				buf_append(&r->body, upload, *upload_size);
			}
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (r->replied) return MHD_YES;
	http_dispatch(r);
	return send_reply(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	http_req *r = *con_cls;
	if (!r) return;
	/* The path is the client's: escaped so it cannot forge log lines. */
	char *method = str_log_safe(r->method, 32), *path = str_log_safe(r->url, 2048);
	log_info("%s %s %s %d %lldms", r->request_id, method, path, r->status,
	         (long long)(time_now_ms() - r->started_ms));
	free(method);
	free(path);
	http_req_free(r);
	*con_cls = NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* Decodes %XX escapes in place, as libmicrohttpd's default does, except
** %00: a NUL would silently cut the path short ("/static/app.js%00.txt"
** serving app.js), so it stays written out and matches no route. */
static size_t unescape(void *cls, struct MHD_Connection *conn, char *s)
{
	(void)cls;
	(void)conn;
	char *w = s;
	for (const char *p = s; *p; p++) {
		int hi, lo;
		if (p[0] == '%' && (hi = hexval(p[1])) >= 0 && (lo = hexval(p[2])) >= 0 && (hi || lo)) {
			*w++ = (char)(hi * 16 + lo);
			p += 2;
		} else {
			*w++ = *p;
		}
	}
	*w = 0;
	return (size_t)(w - s);
}

static bool parse_listen(const char *listen, struct sockaddr_in *sin, struct sockaddr_in6 *sin6,
                         bool *v6)
{
	char host[128];
	const char *colon = strrchr(listen, ':');
	if (!colon || (size_t)(colon - listen) >= sizeof host) return false;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = 0;
	int64_t port;
	if (!str_parse_int64(colon + 1, &port) || port < 1 || port > 65535) return false;
	memset(sin, 0, sizeof *sin);
	memset(sin6, 0, sizeof *sin6);
	size_t hl = strlen(host);
	if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
		host[hl - 1] = 0;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		*v6 = true;
		return inet_pton(AF_INET6, host + 1, &sin6->sin6_addr) == 1;
	}
	sin->sin_family = AF_INET;
	sin->sin_port = htons((uint16_t)port);
	*v6 = false;
	if (!*host || strcmp(host, "localhost") == 0) return inet_pton(AF_INET, "127.0.0.1", &sin->sin_addr) == 1;
	return inet_pton(AF_INET, host, &sin->sin_addr) == 1;
}

int http_serve(app *a)
{
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	bool v6;
	if (!parse_listen(a->listen, &sin, &sin6, &v6)) {
		log_error("serve: cannot read the listen address \"%s\" (want HOST:PORT, e.g. 127.0.0.1:8080)",
		          a->listen);
		return 2;
	}
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);   /* worker threads inherit this */
	signal(SIGPIPE, SIG_IGN);
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | (v6 ? MHD_USE_IPv6 : 0);
	struct MHD_Daemon *d = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, a,
		MHD_OPTION_SOCK_ADDR, v6 ? (struct sockaddr *)&sin6 : (struct sockaddr *)&sin,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)a->threads,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
		/* One client cannot hold every connection open (slowloris); behind a
		** proxy every connection comes from it, so no per-address limit there. */
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, a->trust_proxy ? 0u : 256u,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536,
		MHD_OPTION_END);
	if (!d) {
		log_error("serve: cannot listen on %s (is it in use?)", a->listen);
		return 1;
	}
	log_info("serve: listening on http://%s (%d threads, store %s)", a->listen, a->threads,
	         store_dialect_of(a->store) == STORE_SQLITE ? "sqlite" : "postgres");
	int sig;
	sigwait(&set, &sig);
	log_info("serve: stopping on signal %d", sig);
	MHD_stop_daemon(d);
	return 0;
}
