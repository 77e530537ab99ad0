/* export_doccano.c: doccano's JSONL import for sequence labelling with relations, one
 * article a line:
 *   {"text", "entities": [{"id", "label", "start_offset", "end_offset"}],
 *    "relations": [{"id", "from_id", "to_id", "type"}], "article", "title"}
 * Offsets in code points; entity ids count from 1 within the article; relations run from
 * a QUOTE to its speaker (said_by) and to its CUE (has_cue). Other keys become doccano
 * metadata. Reads: the exported view (export_view.c). */
#include "export.h"

#include <jansson.h>
#include <stdlib.h>

/* Ownership: json_*_set_new steal the new references throughout. */
static json_t *relation(size_t id, size_t from, int32_t to, const char *type)
{
    json_t *r = json_object();
    json_object_set_new(r, "id", json_integer((json_int_t)id));
    json_object_set_new(r, "from_id", json_integer((json_int_t)from + 1));
    json_object_set_new(r, "to_id", json_integer(to + 1));
    json_object_set_new(r, "type", json_string(type));
    return r;
}

int nerq_export_doccano(nerq_buf *out, const nerq_article *a, const nerq_xview *v, nerq_err *err)
{
    json_t *o = json_object(), *ents = json_array(), *rels = json_array();
    json_object_set_new(o, "text", json_stringn(v->text, v->len));
    for (size_t i = 0; i < v->spans.n; i++) {
        const nerq_xspan *x = &v->spans.v[i];
        json_t *e = json_object();
        json_object_set_new(e, "id", json_integer((json_int_t)i + 1));
        json_object_set_new(e, "label", json_string(x->label));
        json_object_set_new(e, "start_offset", json_integer(x->cstart));
        json_object_set_new(e, "end_offset", json_integer(x->cend));
        json_array_append_new(ents, e);
        if (x->speaker >= 0)
            json_array_append_new(rels, relation(json_array_size(rels) + 1, i, x->speaker, NERQ_XR_SAID_BY));
        if (x->cue >= 0)
            json_array_append_new(rels, relation(json_array_size(rels) + 1, i, x->cue, NERQ_XR_CUE));
    }
    json_object_set_new(o, "entities", ents);
    json_object_set_new(o, "relations", rels);
    json_object_set_new(o, "article", json_string(a->id));
    json_object_set_new(o, "title", a->title ? json_string(a->title) : json_null());
    return nerq_put_json(out, o, "\n", err);
}
