/* export_labelstudio.c: one Label Studio task per article, with nerq's spans as
 * predictions (pre-annotations):
 *   {"data": {"text", "article", "title"},
 *    "predictions": [{"model_version": "nerq X.Y.Z", "result": [
 *       {"id": "s1", "from_name": "label", "to_name": "text", "type": "labels",
 *        "value": {"start", "end", "text", "labels": ["PERSON"]}},
 *       {"from_id": "s7", "to_id": "s1", "type": "relation", "direction": "right",
 *        "labels": ["said_by"]}]}]}
 * Offsets in code points. The labelling configuration this fits is in doc/export.md.
 * Reads: the exported view (export_view.c). */
#include "export.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

/* Ownership: json_*_set_new steal the new references throughout. */
static json_t *region_id(size_t i)
{
    char id[32];
    snprintf(id, sizeof id, "s%zu", i + 1);
    return json_string(id);
}

static json_t *relation(size_t from, int32_t to, const char *label)
{
    json_t *r = json_object(), *labels = json_array();
    json_object_set_new(r, "from_id", region_id(from));
    json_object_set_new(r, "to_id", region_id((size_t)to));
    json_object_set_new(r, "type", json_string("relation"));
    json_object_set_new(r, "direction", json_string("right"));
    json_array_append_new(labels, json_string(label));
    json_object_set_new(r, "labels", labels);
    return r;
}

int nerq_export_labelstudio(nerq_buf *out, const nerq_article *a, const nerq_xview *v,
                            nerq_err *err)
{
    json_t *task = json_object(), *data = json_object(), *result = json_array(), *rels = json_array();
    json_object_set_new(data, "text", json_stringn(v->text, v->len));
    json_object_set_new(data, "article", json_string(a->id));
    json_object_set_new(data, "title", a->title ? json_string(a->title) : json_null());
    json_object_set_new(task, "data", data);
    for (size_t i = 0; i < v->spans.n; i++) {
        const nerq_xspan *x = &v->spans.v[i];
        json_t *r = json_object(), *val = json_object(), *labels = json_array();
        json_object_set_new(r, "id", region_id(i));
        json_object_set_new(r, "from_name", json_string("label"));
        json_object_set_new(r, "to_name", json_string("text"));
        json_object_set_new(r, "type", json_string("labels"));
        json_object_set_new(val, "start", json_integer(x->cstart));
        json_object_set_new(val, "end", json_integer(x->cend));
        json_object_set_new(val, "text", json_stringn(v->text + x->start, x->end - x->start));
        json_array_append_new(labels, json_string(x->label));
        json_object_set_new(val, "labels", labels);
        json_object_set_new(r, "value", val);
        json_array_append_new(result, r);
        if (x->speaker >= 0)
            json_array_append_new(rels, relation(i, x->speaker, NERQ_XR_SAID_BY));
        if (x->cue >= 0)
            json_array_append_new(rels, relation(i, x->cue, NERQ_XR_CUE));
    }
    json_array_extend(result, rels);
    json_decref(rels);
    json_t *pred = json_object(), *preds = json_array();
    json_object_set_new(pred, "model_version", json_string("nerq " NERQ_VERSION));
    json_object_set_new(pred, "result", result);
    json_array_append_new(preds, pred);
    json_object_set_new(task, "predictions", preds);
    return nerq_put_json(out, task, "", err);
}
