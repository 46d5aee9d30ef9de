/*
** main.c: the rapport binary.  Finds the subcommand and runs it; knows
** every command, does little itself.  Option parsing is cli.c's.
*/
#include "cli.h"
#include "import.h"
#include "util.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{"serve", cmd_serve, "serve the web UI and the API"},
	{"init", cmd_init, "create a database at the newest schema"},
	{"migrate", cmd_migrate, "apply pending schema migrations (safe to run twice)"},
	{"office", cmd_office, "add or list offices"},
	{"user", cmd_user, "add, list, disable users or set a password"},
	{"token", cmd_token, "create, list or revoke API tokens"},
	{"backup", cmd_backup, "write a consistent copy of a live database"},
	/* -- import / export -- */
	{"import", cmd_import, "import partners or contacts from a CSV spreadsheet"},
	/* -- reports -- */
	/* -- continuity -- */
	/* -- stores -- */
	{"migrate-store", cmd_migrate_store, "copy one office from SQLite into a shared PostgreSQL"},
	/* -- demo and bench -- */
	{"version", cmd_version, "print the version"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: rapport COMMAND [OPTIONS]   (rapport COMMAND --help for more)\n\ncommands:\n");
	for (size_t i = 0; i < countof(commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nThe database is --db URL or RAPPORT_DB: a SQLite path (sqlite:PATH) or postgres://...\n");
}

int main(int argc, char **argv)
{
	if (sodium_init() < 0) fatal("libsodium could not start");
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "--version") == 0) return cmd_version(0, NULL);
	for (size_t i = 0; i < countof(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0) return commands[i].run(argc - 2, argv + 2);
	fprintf(stderr, "rapport: unknown command \"%s\"\n\n", argv[1]);
	usage(stderr);
	return 2;
}
