/* nerq-tokenize: the tokenize stage as a JSONL filter (adds tokens, sentences and paragraphs). */
#include "cli.h"

static const char usage[] =
    "usage: nerq-tokenize [--rules DIR] [--gazetteers DIR] [--max-record N] [FILE...]\n"
    "\n"
    "Reads article records (JSONL, one per line) from FILEs or stdin and writes them to\n"
    "stdout with the tokenize stage's fields: adds tokens, sentences and paragraphs.\n"
    "Error records pass through unchanged. A bad line is reported as\n"
    "nerq-tokenize: FILE:LINE: problem, and skipped; the exit status is then 1.\n"
    "\n"
    "  --rules DIR        rule files (default: $NERQ_RULES or the built-in rules/)\n"
    "  --gazetteers DIR   name lists (default: $NERQ_GAZETTEERS or gazetteers/)\n"
    "  --max-record N     skip (with an error) records longer than N bytes (K, M, G\n"
    "                     suffixes; default 1G)\n"
    "  --help, --version\n";

int main(int argc, char **argv) { return nerq_filter_main(argc, argv, &nerq_stage_tokenize, usage); }
