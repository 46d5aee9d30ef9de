/*
** store_pg.c: the PostgreSQL backend of the store interface (store.h).
** Work in progress (issue 9): until it lands, opening a postgres:// URL
** fails with a clear message instead of pretending.
*/
#include "store.h"
#include "util.h"

static store_conn *pg_connect(const char *target, char **err)
{
	(void)target;
	*err = xstrdup("PostgreSQL support is not finished in this build; use a SQLite path");
	return NULL;
}

const store_ops store_pg_ops = {
	.name = "postgres",
	.dialect = STORE_POSTGRES,
	.connect = pg_connect,
};
