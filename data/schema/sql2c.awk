# Turn numbered migration files into a C array of SQL strings.
BEGIN { print "/* Generated from the files in data/schema by sql2c.awk; do not edit. */"; print "#include <stddef.h>"; print "const char *const sd_migrations[] = {" }
FNR == 1 { if (NR > 1) print ","; printf "/* %s */\n", FILENAME }
{ gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); printf "\"%s\\n\"\n", $0 }
END { print ","; print "NULL };"; print "const size_t sd_migration_count = sizeof sd_migrations / sizeof sd_migrations[0] - 1;" }
