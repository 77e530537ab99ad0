/* export_spacy.c: the JSONL form spaCy and Prodigy read, one article a line:
 *   {"text": ..., "spans": [{"start", "end", "label", ...}], "meta": {"id", "title", ...}}
 * Offsets in code points of the text. Mentions carry "entity" (canonical name) and
 * "kb_id" (gazetteer id) when known; QUOTE spans carry "speaker". Quotes overlap the
 * mentions inside them: for doc.ents / ner.manual export with --entities-only.
 * Reads: the exported view (export_view.c). */
#include "export.h"

#include <jansson.h>
#include <stdlib.h>

/* Ownership: json_*_set_new steal the new references throughout. */
static json_t *jstr_or_null(const char *s) { return s ? json_string(s) : json_null(); }

int nerq_export_spacy(nerq_buf *out, const nerq_article *a, const nerq_xview *v, nerq_err *err)
{
    json_t *o = json_object(), *spans = json_array(), *meta = json_object();
    json_object_set_new(o, "text", json_stringn(v->text, v->len));
    for (size_t i = 0; i < v->spans.n; i++) {
        const nerq_xspan *x = &v->spans.v[i];
        json_t *s = json_object();
        json_object_set_new(s, "start", json_integer(x->cstart));
        json_object_set_new(s, "end", json_integer(x->cend));
        json_object_set_new(s, "label", json_string(x->label));
        if (x->kind == NERQ_X_MENTION) {
            json_object_set_new(s, "entity", jstr_or_null(x->entity));
            if (x->id)
                json_object_set_new(s, "kb_id", json_string(x->id));
        } else if (x->kind == NERQ_X_QUOTE) {
            json_object_set_new(s, "speaker", jstr_or_null(x->entity));
        }
        json_array_append_new(spans, s);
    }
    json_object_set_new(o, "spans", spans);
    json_object_set_new(meta, "id", json_string(a->id));
    json_object_set_new(meta, "title", jstr_or_null(a->title));
    json_object_set_new(meta, "source", json_string(v->original ? "original" : "text"));
    json_object_set_new(o, "meta", meta);
    return nerq_put_json(out, o, "\n", err);
}
