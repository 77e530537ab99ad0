/* ent_rules.c: part of the entities stage. Reads `text`, `tokens`, `sentences`; adds
 * `mentions`. One pass from left to right: at each word the longest gazetteer match
 * competes with the capitalised sequence starting there; a sequence no list holds is
 * typed by its cues (word lists in rules/):
 *   title        a title or role before it ("President X", "spokesman X", "Mr. X")
 *   org-words    it ends in an organisation word ("... Party", "... Inc.") or opens with
 *                one followed by "of" ("University of ...")
 *   misc-words   it ends in a word of events, prizes, laws ("... Cup"): MISC
 *   loc-words    it ends in a place word ("... River")
 *   given-name   it opens with a known given name
 *   speech-subject  "X said", "said X"
 *   apposition   "X, a Beijing-based fellow", "X, 45,"
 *   name-shape   two or three capitalised words, none of them an ordinary word
 * Sequences left untyped go to e->cands for the alias pass (ent_alias.c). */
#include "ent.h"

#include <string.h>

void nerq_ent_add(nerq_article *a, size_t ts, size_t te, const char *type, const char *entity,
                  const char *id, const char *rule)
{
    const nerq_token *t0 = &a->tokens.v[ts];
    if (te - ts > 1 && t0->end - t0->start == 3 && !strncmp(a->text + t0->start, "the", 3))
        ts++;
    else if (te - ts > 1 && t0->end - t0->start == 3 && (!strncmp(a->text + t0->start, "The", 3) ||
                                                          !strncmp(a->text + t0->start, "THE", 3)))
        ts++;
    if (entity && !strncmp(entity, "the ", 4))
        entity += 4;
    nerq_mention *m = NERQ_VEC_PUSH(a->mentions);
    m->tok_start = (uint32_t)ts;
    m->tok_end = (uint32_t)te;
    m->start = a->tokens.v[ts].start;
    m->end = a->tokens.v[te - 1].end;
    m->raw_start = nerq_offmap_raw(&a->offmap, m->start);
    m->raw_end = nerq_offmap_raw_end(&a->offmap, m->end);
    m->type = type;
    m->text = nerq_arena_strndup(a->arena, a->text + m->start, m->end - m->start);
    m->entity = entity ? entity : m->text;
    m->id = id;
    m->rule = rule;
    m->ent = -1;
}

static int tok_eq(const nerq_article *a, size_t i, const char *s)
{
    const nerq_token *t = &a->tokens.v[i];
    size_t n = strlen(s);
    return t->end - t->start == n && !memcmp(a->text + t->start, s, n);
}

static int is_punct(const nerq_article *a, size_t i, char c)
{
    const nerq_token *t = &a->tokens.v[i];
    return (t->cls == NERQ_T_PUNCT || t->cls == NERQ_T_SYM) && t->end - t->start == 1 &&
           a->text[t->start] == c;
}

static int org_marked(const nerq_entities *e, size_t s, size_t j)
{
    for (size_t k = s; k < j; k++)
        if (nerq_ent_is(e, ENT_ORG_WORDS, k) || nerq_ent_is(e, ENT_ORG_HEADS, k))
            return 1;
    return 0;
}

/* A character lost in conversion inside or at the end of a name, written "?" or U+FFFD
 * with no space around it ("Adom?nas", "Šešelgyt?,"): the tokens it takes, 0 if none. */
static size_t lost_char(const nerq_article *a, size_t j, size_t lim)
{
    if (j >= lim || (a->tokens.v[j].flags & NERQ_TF_SPACE_BEFORE))
        return 0;
    const nerq_token *t = &a->tokens.v[j];
    size_t n = t->end - t->start;
    if (!((n == 1 && a->text[t->start] == '?') || (n == 3 && !memcmp(a->text + t->start, "\xEF\xBF\xBD", 3))))
        return 0;
    if (j + 1 < lim && !(a->tokens.v[j + 1].flags & NERQ_TF_SPACE_BEFORE)) {
        if (a->tokens.v[j + 1].cls == NERQ_T_WORD && a->tokens.v[j + 1].shape == NERQ_SH_LOWER)
            return 2;
        if (is_punct(a, j + 1, ','))
            return 1;
    }
    return 0;
}

/* The capitalised sequence from token i (i itself a name word), continuing over
 * connectors: name particles ("von der"), "&", and "of"/"for"/"on" (+ "the") inside
 * organisation names. In a headline, ordinary words end it. */
#define MAX_NAME_TOKENS 16 /* no name is longer; bounds the work on endless capitals */

static size_t cap_run(const nerq_entities *e, const nerq_article *a, size_t i, size_t lim, int hl)
{
    size_t j = i;
    if (lim > i + MAX_NAME_TOKENS)
        lim = i + MAX_NAME_TOKENS;
    while (j < lim) {
        if (nerq_ent_name_tok(e, a, j) && !(hl && nerq_ent_common_here(e, a, j, 1))) {
            j++;
            j += lost_char(a, j, lim);
            continue;
        }
        if (j > i && j + 1 < lim && !hl && nerq_ent_is(e, ENT_CONNECTORS, j)) {
            /* "von der", "of the" */
            size_t c = j, particles = 1;
            while (c < lim && nerq_ent_is(e, ENT_CONNECTORS, c)) {
                particles &= nerq_ent_is(e, ENT_PARTICLES, c);
                c++;
            }
            if (c + 1 < lim && tok_eq(a, c, "the"))
                c++;
            if (c < lim && c <= j + 3 && nerq_ent_name_tok(e, a, c) && (particles || org_marked(e, i, j))) {
                j = c;
                continue;
            }
        }
        break;
    }
    return j;
}

static int speech_near(const nerq_entities *e, size_t s, size_t t, size_t lim)
{
    if (t < lim && nerq_ent_is(e, ENT_SPEECH, t))
        return 1;
    /* "said X" */
    if (s > 0 && nerq_ent_is(e, ENT_SPEECH, s - 1))
        return 1;
    return 0;
}

/* "X, a Beijing-based fellow", "X, the party's leader", "X, 45," */
static int apposition(const nerq_entities *e, const nerq_article *a, size_t t, size_t lim)
{
    if (t + 2 >= lim || !is_punct(a, t, ','))
        return 0;
    size_t k = t + 1;
    if (a->tokens.v[k].cls == NERQ_T_NUM && k + 1 < lim &&
        (is_punct(a, k + 1, ',') || is_punct(a, k + 1, '.')))
        return 1;
    if (nerq_ent_is(e, ENT_ROLES, k))
        return 1; /* "X, director of ..." */
    if (!(tok_eq(a, k, "a") || tok_eq(a, k, "an") || tok_eq(a, k, "the") || tok_eq(a, k, "who")))
        return 0;
    for (size_t q = k + 1; q < lim && q < k + 7; q++) {
        if (a->tokens.v[q].cls == NERQ_T_PUNCT)
            break;
        if (nerq_ent_is(e, ENT_ROLES, q))
            return 1;
    }
    return 0;
}

/* "West African", "Griqualand West": a word some list knows as no person. */
static int listed_not_person(const nerq_entities *e, const nerq_article *a, size_t k)
{
    (void)a;
    return (e->feat.v[k].word & ENT_W_LISTED) != 0;
}

static int all_cap_words(const nerq_entities *e, const nerq_article *a, size_t s, size_t t)
{
    for (size_t k = s; k < t; k++) {
        const nerq_token *tk = &a->tokens.v[k];
        size_t n = tk->end - tk->start;
        if (k > s && tk->cls != NERQ_T_WORD && lost_char(a, k, t))
            continue; /* "Adom?nas" */
        if (e->feat.v[k].lower & ENT_PARTICLES)
            continue; /* "de Silva", "Van Heeswijk" */
        if ((tk->flags & NERQ_TF_ABBREV) && tk->shape == NERQ_SH_UPPER && n <= 4)
            continue; /* "O.J." */
        if (tk->cls != NERQ_T_WORD && k > s && !(tk->flags & NERQ_TF_SPACE_BEFORE) && k + 1 == t &&
            a->text[tk->start] == '?')
            continue; /* "Šešelgyt?" (the comma after it is outside the sequence) */
        if (tk->shape != NERQ_SH_CAP && tk->shape != NERQ_SH_MIXED)
            return 0;
        if ((tk->flags & NERQ_TF_ABBREV) && n == 2)
            continue; /* an initial */
        if (n < 2)
            return 0;
        /* an ordinary word capitalised ("Grace Road", "Such") */
        if ((e->feat.v[k].lower & ENT_COMMON) && !nerq_ent_is(e, ENT_GIVEN, k))
            return 0;
        if (listed_not_person(e, a, k))
            return 0;
    }
    return 1;
}

/* An organisation mention ending in "Inc." at the end of a sentence: the period ends
 * the sentence, not the name. */
static void trim_final_period(nerq_article *a)
{
    nerq_mention *m = &a->mentions.v[a->mentions.n - 1];
    const nerq_token *t = &a->tokens.v[m->tok_end - 1];
    if (!(t->flags & NERQ_TF_ABBREV) || t->shape == NERQ_SH_UPPER || a->text[t->end - 1] != '.')
        return;
    if (m->tok_end < a->tokens.n && !(a->tokens.v[m->tok_end].flags & NERQ_TF_SENT_START))
        return;
    m->end--;
    m->raw_end = nerq_offmap_raw_end(&a->offmap, m->end);
    m->text = nerq_arena_strndup(a->arena, a->text + m->start, m->end - m->start);
    if (m->entity && strlen(m->entity) == m->end - m->start + 1)
        m->entity = m->text;
}

static void add_org(nerq_article *a, size_t s, size_t t, const char *rule)
{
    nerq_ent_add(a, s, t, "ORG", NULL, NULL, rule);
    trim_final_period(a);
}

static int lower_ascii(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* Edit distance of x and y ignoring ASCII case, or 3 if it is above 2. */
static int small_distance(const char *x, const char *y)
{
    size_t n = strlen(x), m = strlen(y);
    if (n > 120 || m > 120 || (n > m ? n - m : m - n) > 2)
        return 3;
    int row[121], prev[121];
    for (size_t j = 0; j <= m; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        row[0] = (int)i;
        int best = row[0];
        for (size_t j = 1; j <= m; j++) {
            int c = prev[j - 1] + (lower_ascii((unsigned char)x[i - 1]) != lower_ascii((unsigned char)y[j - 1]));
            if (prev[j] + 1 < c)
                c = prev[j] + 1;
            if (row[j - 1] + 1 < c)
                c = row[j - 1] + 1;
            row[j] = c;
            if (c < best)
                best = c;
        }
        if (best > 2)
            return 3;
        memcpy(prev, row, sizeof(int) * (m + 1));
    }
    return prev[m];
}

/* An organisation's name is kept as the article spells it: "Centre for ..." against the
 * list's "Center for ...", "Defence" against "Defense" (not a mere change of case). */
static void keep_spelling(nerq_article *a)
{
    nerq_mention *m = &a->mentions.v[a->mentions.n - 1];
    if (strcmp(m->type, "ORG") != 0 || m->end - m->start < 8 || !strcmp(m->text, m->entity))
        return;
    int d = small_distance(m->text, m->entity);
    if (d >= 1 && d <= 2)
        m->entity = m->text;
}

/* Type the capitalised sequence [s, t); returns 1 if it became a mention. */
static int type_run(nerq_entities *e, nerq_article *a, size_t s, size_t t, size_t lim)
{
    size_t n = t - s;
    if (nerq_ent_is(e, ENT_ORG_WORDS, t - 1) && n >= 2) {
        add_org(a, s, t, "org-words");
        return 1;
    }
    if (n >= 3 && nerq_ent_is(e, ENT_ORG_HEADS, s) && nerq_ent_is(e, ENT_CONNECTORS, s + 1)) {
        add_org(a, s, t, "org-words");
        return 1;
    }
    if (n >= 2 && nerq_ent_is(e, ENT_MISC_WORDS, t - 1)) {
        nerq_ent_add(a, s, t, "MISC", NULL, NULL, "misc-words");
        return 1;
    }
    if (n >= 2 && nerq_ent_is(e, ENT_LOC_WORDS, t - 1)) {
        nerq_ent_add(a, s, t, "LOC", NULL, NULL, "loc-words");
        return 1;
    }
    /* an acronym or a word in capitals is left to the alias pass */
    for (size_t k = s; k < t; k++)
        if (a->tokens.v[k].shape == NERQ_SH_UPPER && a->tokens.v[k].end - a->tokens.v[k].start > 1 &&
            !(k + 1 < t && (a->tokens.v[k].flags & NERQ_TF_ABBREV))) /* initials "K.J." go on */
            return 0;
    if (nerq_ent_is(e, ENT_GIVEN, s) && (n >= 2 || !nerq_ent_common_word(e, a, s))) {
        nerq_ent_add(a, s, t, "PERSON", NULL, NULL, "given-name");
        return 1;
    }
    /* "National Security Strategy declared", "East African states" are no persons */
    int namelike = 0;
    for (size_t k = s; k < t && !namelike; k++)
        namelike = !nerq_ent_common_word(e, a, k) || nerq_ent_is(e, ENT_GIVEN, k);
    for (size_t k = s; k < t && namelike; k++)
        namelike = !listed_not_person(e, a, k);
    if (n <= 2 && namelike && speech_near(e, s, t, lim)) {
        nerq_ent_add(a, s, t, "PERSON", NULL, NULL, "speech-subject");
        return 1;
    }
    if (n <= 3 && namelike && apposition(e, a, t, lim)) {
        nerq_ent_add(a, s, t, "PERSON", NULL, NULL, "apposition");
        return 1;
    }
    if (n >= 2 && n <= 3 && all_cap_words(e, a, s, t)) {
        nerq_ent_add(a, s, t, "PERSON", NULL, NULL, "name-shape");
        return 1;
    }
    return 0;
}

size_t nerq_ent_title(const nerq_entities *e, const nerq_article *a, size_t i, size_t lim, int *plural)
{
    const nerq_gaz_entry *te;
    if (i >= lim || !nerq_ent_is(e, ENT_TITLE_START, i))
        return 0;
    size_t k = nerq_gazetteer_match(e->titles, a, i, lim, 0, &te);
    if (plural)
        *plural = k && !strcmp(te->canonical, "plural");
    return k;
}

/* "Messrs. X and Y": the second name after a plural title. */
static size_t plural_title_more(nerq_entities *e, nerq_article *a, size_t j, size_t lim)
{
    while (j + 1 < lim && (tok_eq(a, j, "and") || is_punct(a, j, ',')) && nerq_ent_name_tok(e, a, j + 1)) {
        size_t r = cap_run(e, a, j + 1, lim, 0);
        nerq_ent_add(a, j + 1, r, "PERSON", NULL, NULL, "title-plural");
        j = r;
    }
    return j;
}

void nerq_ent_find(nerq_entities *e, nerq_article *a)
{
    size_t n = a->tokens.n, s = 0;
    e->cands.n = 0;
    nerq_ent_features(e, a);
    nerq_ent_mark_headlines(e, a);
    size_t i = 0, lim = n, until = 0; /* lim and hl hold for the tokens before `until` */
    int hl = 0;
    while (i < n) {
        if (i >= until) { /* the sentence of token i: its end bounds matches and sequences */
            while (s < a->sentences.n && a->sentences.v[s].tok_end <= i)
                s++;
            if (s < a->sentences.n && a->sentences.v[s].tok_start <= i) {
                until = lim = a->sentences.v[s].tok_end;
            } else { /* between sentences: up to the next one */
                lim = n;
                until = s < a->sentences.n ? a->sentences.v[s].tok_start : n;
            }
            hl = s < a->sentences.n && lim != n ? e->headline.v[s] : 0;
            e->headline_now = hl;
        }
        while (i < until && !(e->feat.v[i].word & ENT_W_ANY))
            i++; /* most tokens: no name, no title, no gazetteer form starts here */
        if (i >= until)
            continue;
        const nerq_ent_feat *fi = &e->feat.v[i];
        const nerq_token *t = &a->tokens.v[i];
        if (t->cls != NERQ_T_WORD) {
            i++;
            continue;
        }
        int fold = hl || t->shape == NERQ_SH_UPPER;
        const uint8_t *first = fi->gaz;
        if (!(fi->word & ENT_W_START) && !(fold && first[1])) {
            i++;
            continue;
        }
        int name = nerq_ent_name_tok(e, a, i) && !nerq_ent_common_here(e, a, i, hl);
        if (!name && !hl && nerq_ent_name_tok(e, a, i) && !nerq_ent_is(e, ENT_STARTERS, i)) {
            /* "Northern States Power Co": an ordinary word opening a sentence and an
             * organisation's name */
            size_t r0 = cap_run(e, a, i, lim, 0);
            if (r0 >= i + 3 && nerq_ent_is(e, ENT_ORG_WORDS, r0 - 1)) {
                add_org(a, i, r0, "org-words");
                i = r0;
                continue;
            }
        }
        /* no form runs past the first token that stands in none after its first word;
         * a bound of one token needs a one-token form */
        uint8_t bound[2] = {first[0], fold ? first[1] : 0};
        for (int p = 0; p < 2; p++) {
            if (!bound[p])
                continue;
            size_t j = i + 1, w = p ? ENT_W_LATER_FOLD : ENT_W_LATER;
            while (j < lim && j < i + bound[p] && (e->feat.v[j].word & w))
                j++;
            if (bound[p] > j - i)
                bound[p] = (uint8_t)(j - i);
            if (bound[p] == 1 && !(fi->word & (p ? ENT_W_ONE_FOLD : ENT_W_ONE)))
                bound[p] = 0;
        }
        first = bound;
        nerq_gaz_hits hits = {0};
        size_t gk = first[0] || first[1] ? nerq_gazetteer_match_from(e->gaz, a, i, lim, fold, first, &hits)
                                                   : 0; /* most words start no name */
        /* the capitalised sequence from here (also from an ordinary word opening a sentence
         * when a list knows the words: "United Nations Special Commission") */
        size_t r = name || (gk && nerq_ent_name_tok(e, a, i)) ? cap_run(e, a, i, lim, hl) : i;

        /* a title or role cue before a name */
        int plural;
        size_t tk = nerq_ent_title(e, a, i, lim, &plural);
        /* "Deputy" + "Prime Minister": titles in a row */
        for (size_t more; tk && (more = nerq_ent_title(e, a, i + tk, lim, NULL)) != 0;)
            tk += more;
        if (tk && gk <= tk && i + tk < lim && nerq_ent_name_tok(e, a, i + tk) &&
            !nerq_ent_common_here(e, a, i + tk, hl)) {
            size_t p = i + tk;
            size_t j = cap_run(e, a, p, lim, hl);
            if (!org_marked(e, p, j)) {
                const nerq_gaz_entry *pe = NULL;
                size_t pk = nerq_gazetteer_match(e->gaz, a, p, lim, hl, &pe);
                if (pk && pk >= j - p && !strcmp(pe->type, "PERSON"))
                    nerq_ent_add(a, p, p + pk, "PERSON", pe->canonical, pe->id, "title+gazetteer");
                else if (pk && pk >= j - p)
                    goto plain; /* "Foreign Minister" + a country: not a person */
                else
                    nerq_ent_add(a, p, j, "PERSON", NULL, NULL, "title");
                i = plural ? plural_title_more(e, a, j, lim) : j;
                continue;
            }
        }
    plain:
        if (name && gk == 1 && r > i + 1 && hits.n && !strncmp(nerq_gaz_hit(&hits, 0)->file, "learned", 7))
            gk = 0; /* "Paul Heer": a learned one-word name inside a longer sequence */
        if (name && gk == 1 && r > i + 1 && nerq_ent_is(e, ENT_GIVEN, i) && strcmp(nerq_gaz_hit(&hits, 0)->type, "PERSON") &&
            !(e->feat.v[i + 1].lower & ENT_COMMON) && !org_marked(e, i + 1, r))
            gk = 0; /* "Chelsea Clinton", "Devon White": a given name before a surname */
        if (gk) {
            /* a longer capitalised sequence that is an organisation by its words */
            if (r > i + gk && (nerq_ent_is(e, ENT_ORG_WORDS, r - 1) ||
                               (nerq_ent_is(e, ENT_ORG_HEADS, i) && nerq_ent_is(e, ENT_CONNECTORS, i + 1)))) {
                add_org(a, i, r, "org-words");
                i = r;
                continue;
            }
            /* "Moody's Investors Service": a name, "'s", words ending in an organisation word */
            size_t q = i + gk;
            if (a->tokens.v[q - 1].cls == NERQ_T_APOS)
                q--; /* the name itself ends in "'s" */
            if (q + 1 < lim && a->tokens.v[q].cls == NERQ_T_APOS && !strcmp(nerq_gaz_hit(&hits, 0)->type, "ORG") &&
                nerq_ent_name_tok(e, a, q + 1)) {
                size_t r2 = cap_run(e, a, q + 1, lim, hl);
                if (nerq_ent_is(e, ENT_ORG_WORDS, r2 - 1)) {
                    add_org(a, i, r2, "org-words");
                    i = r2;
                    continue;
                }
            }
            const char *rule;
            const nerq_gaz_entry *g = nerq_ent_choose(e, a, i, gk, &hits, &rule);
            if (!g && gk > 1) {
                /* refused: the shorter names inside it still count ("Chinese") */
                size_t lim2 = i + gk - 1;
                gk = nerq_gazetteer_match_from(e->gaz, a, i, lim2, fold, first, &hits);
                g = gk ? nerq_ent_choose(e, a, i, gk, &hits, &rule) : NULL;
                if (!gk)
                    gk = 1;
            }
            if (g && !strcmp(g->type, "LOC") && nerq_ent_team_context(e, a, i, gk))
                nerq_ent_add(a, i, i + gk, "ORG", g->canonical, NULL, "ambig-team");
            else if (g) {
                nerq_ent_add(a, i, i + gk, g->type, g->canonical, g->id, rule);
                keep_spelling(a);
            }
            i += gk;
            continue;
        }
        if (!name) {
            i++;
            continue;
        }
        /* a title inside the sequence ends it: "US National Security Advisor Jake ..." */
        for (size_t p = i + 1; p + 1 < r; p++) {
            size_t pk = nerq_ent_title(e, a, p, r, NULL);
            if (pk && p + pk < r) {
                r = p;
                break;
            }
        }
        if (!hl && type_run(e, a, i, r, lim)) {
            i = r;
            continue;
        }
        nerq_ent_cand *c = NERQ_VEC_PUSH(e->cands);
        c->tok_start = (uint32_t)i;
        c->tok_end = (uint32_t)r;
        c->headline = (uint8_t)hl;
        c->team = nerq_ent_team_context(e, a, i, r - i) && !(r - i == 1 && nerq_ent_common_word(e, a, i));
        i = r;
    }
}

void nerq_ent_person_orgs(nerq_entities *e, nerq_article *a)
{
    size_t nm = a->mentions.n;
    for (size_t x = 0; x < nm; x++) {
        const nerq_mention *m = &a->mentions.v[x];
        size_t j = m->tok_end;
        if (strcmp(m->type, "PERSON") != 0 || j + 1 >= a->tokens.n || a->tokens.v[j].cls != NERQ_T_APOS ||
            !nerq_ent_is(e, ENT_PERSON_ORGS, j + 1))
            continue;
        /* "Biden administration": the surname and the noun */
        const nerq_token *last = &a->tokens.v[m->tok_end - 1], *noun = &a->tokens.v[j + 1];
        size_t ln = last->end - last->start, nn = noun->end - noun->start;
        char *name = nerq_arena_alloc(a->arena, ln + nn + 2);
        memcpy(name, a->text + last->start, ln);
        name[ln] = ' ';
        memcpy(name + ln + 1, a->text + noun->start, nn);
        name[ln + 1 + nn] = '\0';
        const nerq_gaz_entry *g = nerq_gazetteer_lookup(e->gaz, name, ln + nn + 1);
        nerq_ent_add(a, j + 1, j + 2, "ORG", g ? g->canonical : name, g ? g->id : NULL, "person-org");
    }
}
