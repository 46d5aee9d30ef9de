/*
** cli.h: the command line: a table of subcommands (main.c) and a small
** option parser every subcommand uses, so each has --help and reads its
** settings from flags or RAPPORT_* variables the same way.
*/
#ifndef RAPPORT_CLI_H
#define RAPPORT_CLI_H

#include <stdbool.h>

#include "store.h"

typedef struct cli_opt {
	const char *name;        /* "--office" */
	const char *env;         /* "RAPPORT_OFFICE" or NULL */
	bool takes_value;        /* false: a switch, value becomes "1" */
	const char *help;
	const char *value;       /* out: from the flag, else the variable, else the default set before */
} cli_opt;

/* Parses argv (after the subcommand words).  Fills opts[].value and the
** positional arguments.  Prints usage and returns 1 for --help, prints an
** error and returns 2 for a bad option; 0 otherwise. */
int cli_parse(int argc, char **argv, cli_opt *opts, const char *usage, const char **positional,
              int max_positional, int *npositional);
const char *cli_get(cli_opt *opts, const char *name);

/* Opens the store named by --db / RAPPORT_DB, or prints why not. */
store *cli_open_store(const char *url);
/* Resolves an office given by id or slug; 0 (after printing why) if none. */
int64_t cli_office_id(store_conn *c, const char *office);

/* Subcommands: each returns the process exit code. */
int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_office(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_migrate_store(int argc, char **argv);   /* migrate_store.c */

#endif
