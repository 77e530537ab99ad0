/* check_entities.c: the entities stage, one test per rule and alias case. The rule files
 * are the build tree's rules/; the gazetteer is a small one written here, so the tests do
 * not move when the real name lists grow. All sentences are made up for these tests. */
#include "check_util.h"

#include "ent.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char gazdir[64];
static nerq_entities *ents;

static void write_file(const char *name, const char *body)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", gazdir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(body, f);
    fclose(f);
}

static void setup(void)
{
    strcpy(gazdir, "/tmp/nerq-check-ent-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(gazdir));
    write_file("test.tsv",
               "# a made-up gazetteer\n"
               "COUNTRY\tQ1\tValdoria\t-\t-\n"
               "COUNTRY\tQ2\tGeorgia\t-\t-\n"
               "LOC\tloc/georgia\tGeorgia\t-\tcountry=United States\n"
               "COUNTRY\tQ3\tUnited States\tU.S.|US|the United States\t-\n"
               "NORP\tnorp/valdorian\tValdorian\tValdorians\tcountry=Valdoria\n"
               "ORG\torg/kremlin\tthe Kremlin\t-\t-\n"
               "ORG\torg/eu\tEuropean Union\tEU|the European Union\tacronym=1\n"
               "PERSON\tQ9\tOskar Brandvold\tBrandvold\t-\n"
               "PERSON\tper/harlow\tPenny Harlow\tHarlow\tambiguous=1\n"
               "LOC\tloc/dunmore\tDunmore\t-\tcountry=Valdoria\n"
               "ORG\torg/vfm\tValdorian Foreign Ministry\tValdoria's Foreign Ministry\tcountry=Valdoria\n"
               "ORG\tnerq:org/vela-admin\tVela administration\t-\t-\n"
               "ORG\torg/cts\tCenter for Tidal Studies\tCentre for Tidal Studies|CTS\t-\n");
    write_file("learned-test.tsv", "PERSON\tnerq:conll/person/hollis\tHollis\t-\t-\n"
                                   "ORG\tnerq:conll/org/foreign-ministry\tForeign Ministry\t-\t-\n");
    write_file("given-names.txt", "Marta\nMichael\nCorin\nNadia\n");
    nerq_config c;
    nerq_config_default(&c);
    c.gazetteers_dir = gazdir;
    nerq_err err = {{0}};
    ents = nerq_entities_new(&c, &err);
    ck_assert_msg(ents != NULL, "setup: %s", err.msg);
}

static void teardown(void)
{
    nerq_entities_free(ents);
    char path[128];
    snprintf(path, sizeof path, "%s/test.tsv", gazdir);
    unlink(path);
    snprintf(path, sizeof path, "%s/given-names.txt", gazdir);
    unlink(path);
    snprintf(path, sizeof path, "%s/learned-test.tsv", gazdir);
    unlink(path);
    rmdir(gazdir);
}

static nerq_article *run(const char *text)
{
    nerq_article *a = nerq_test_article(text, "t.txt");
    nerq_err err = {{0}};
    ck_assert_int_eq(nerq_entities_run(ents, a, &err), 0);
    return a;
}

/* The n-th (0-based) mention whose surface is `surface`, or NULL. */
static const nerq_mention *find(const nerq_article *a, const char *surface, int n)
{
    for (size_t i = 0; i < a->mentions.n; i++)
        if (!strcmp(a->mentions.v[i].text, surface) && n-- == 0)
            return &a->mentions.v[i];
    return NULL;
}

static void expect(const nerq_article *a, const char *surface, int n, const char *type,
                   const char *entity, const char *rule)
{
    const nerq_mention *m = find(a, surface, n);
    ck_assert_msg(m != NULL, "no mention '%s' (#%d)", surface, n);
    ck_assert_str_eq(m->type, type);
    ck_assert_str_eq(m->entity, entity);
    if (rule)
        ck_assert_str_eq(m->rule, rule);
}

START_TEST(rule_title)
{
    nerq_article *a = run("The talks were led by President Arlo Venn of Valdoria.\n");
    expect(a, "Arlo Venn", 0, "PERSON", "Arlo Venn", "title");
    expect(a, "Valdoria", 0, "COUNTRY", "Valdoria", "gazetteer");
    nerq_article_free(a);
}
END_TEST

START_TEST(rule_role_noun)
{
    nerq_article *a = run("The ministry's spokesman Teodor Blum declined to comment.\n");
    expect(a, "Teodor Blum", 0, "PERSON", "Teodor Blum", "title");
    nerq_article_free(a);
}
END_TEST

START_TEST(rule_plural_title)
{
    nerq_article *a = run("On Monday Messrs. Quennell and Bartok signed the lease.\n");
    expect(a, "Quennell", 0, "PERSON", "Quennell", "title");
    expect(a, "Bartok", 0, "PERSON", "Bartok", "title-plural");
    nerq_article_free(a);
}
END_TEST

START_TEST(rule_given_name)
{
    nerq_article *a = run("The prize went to Marta Zelinska last spring.\n");
    expect(a, "Marta Zelinska", 0, "PERSON", "Marta Zelinska", "given-name");
    nerq_article_free(a);
}
END_TEST

START_TEST(rule_speech_subject)
{
    nerq_article *a = run("The harbour will reopen in May, said Odran Pell on Tuesday.\n");
    expect(a, "Odran Pell", 0, "PERSON", "Odran Pell", "speech-subject");
    nerq_article_free(a);
}
END_TEST

START_TEST(rule_no_person_from_nationality)
{
    /* "states" is also a speech verb; "Valdorian" is a nationality */
    nerq_article *a = run("The Northern Valdorian states signed the pact.\n");
    ck_assert_ptr_null(find(a, "Northern Valdorian", 0));
    nerq_article_free(a);
}
END_TEST

START_TEST(rule_apposition)
{
    nerq_article *a = run("The plan was drafted by Tamsin Ollo, a Lisbon-based analyst, in June.\n");
    expect(a, "Tamsin Ollo", 0, "PERSON", "Tamsin Ollo", "apposition");
    nerq_article_free(a);
}
END_TEST

START_TEST(rule_name_shape)
{
    nerq_article *a = run("Yesterday Ilse Gravemoor won the sprint.\n");
    expect(a, "Ilse Gravemoor", 0, "PERSON", "Ilse Gravemoor", "name-shape");
    nerq_article_free(a);
}
END_TEST

START_TEST(rule_org_words)
{
    nerq_article *a = run("Shares of Harrowgate Mineral Company rose after the University of "
                          "Kestrel and the Council on Tidal Relations praised it.\n");
    expect(a, "Harrowgate Mineral Company", 0, "ORG", "Harrowgate Mineral Company", "org-words");
    expect(a, "University of Kestrel", 0, "ORG", "University of Kestrel", "org-words");
    expect(a, "Council on Tidal Relations", 0, "ORG", "Council on Tidal Relations", "org-words");
    nerq_article_free(a);
}
END_TEST

START_TEST(rule_name_shape_particles_initials)
{
    nerq_article *a = run("Yesterday Ilse van Gravemoor beat K.J. Ostrander, and Marta Georgia "
                          "won too.\n");
    expect(a, "Ilse van Gravemoor", 0, "PERSON", "Ilse van Gravemoor", "name-shape");
    expect(a, "K.J. Ostrander", 0, "PERSON", "K.J. Ostrander", "name-shape");
    expect(a, "Marta Georgia", 0, "PERSON", "Marta Georgia", "given-name");
    nerq_article_free(a);
}
END_TEST

START_TEST(rule_misc_words_and_hyphens)
{
    nerq_article *a = run("They lost the Corrin Cup, said the Brackwater-based Inge Sollart, "
                          "a coach.\n");
    expect(a, "Corrin Cup", 0, "MISC", "Corrin Cup", "misc-words");
    expect(a, "Inge Sollart", 0, "PERSON", "Inge Sollart", "apposition");
    ck_assert_ptr_null(find(a, "Brackwater-based Inge Sollart", 0));
    nerq_article_free(a);
}
END_TEST

START_TEST(rule_org_boundaries)
{
    nerq_article *a = run("Northern Kelp Power Co Ltd sold a plant to Marrow Foods Inc. It told "
                          "the U.N. Tidal Commission.\n");
    expect(a, "Northern Kelp Power Co Ltd", 0, "ORG", "Northern Kelp Power Co Ltd", "org-words");
    expect(a, "Marrow Foods Inc", 0, "ORG", "Marrow Foods Inc", "org-words");
    expect(a, "U.N. Tidal Commission", 0, "ORG", "U.N. Tidal Commission", "org-words");
    nerq_article_free(a);
    a = run("European Union Fishery Board members met.\n");
    expect(a, "European Union Fishery Board", 0, "ORG", "European Union Fishery Board", "org-words");
    nerq_article_free(a);
}
END_TEST

START_TEST(rule_org_after_place)
{
    /* a place followed by more capitalised words ending in an organisation word */
    nerq_article *a = run("He joined Valdoria Mining Corp. in 2001.\n");
    expect(a, "Valdoria Mining Corp.", 0, "ORG", "Valdoria Mining Corp.", "org-words");
    nerq_article_free(a);
}
END_TEST

START_TEST(rule_name_particle)
{
    nerq_article *a = run("The report was signed by Corin van der Male yesterday.\n");
    expect(a, "Corin van der Male", 0, "PERSON", "Corin van der Male", "given-name");
    nerq_article_free(a);
}
END_TEST

START_TEST(alias_surname)
{
    nerq_article *a = run("Nadia Brell won the vote. Later, Brell hugged her staff, and Mr. Brell's "
                          "rival conceded.\n");
    expect(a, "Nadia Brell", 0, "PERSON", "Nadia Brell", NULL);
    expect(a, "Brell", 0, "PERSON", "Nadia Brell", "alias-surname");
    expect(a, "Brell", 1, "PERSON", "Nadia Brell", "title");
    nerq_article_free(a);
}
END_TEST

START_TEST(alias_family_name_first)
{
    nerq_article *a = run("Envoy Zhou Minglan arrived on Sunday. The visit, Zhou said, was overdue.\n");
    expect(a, "Zhou Minglan", 0, "PERSON", "Zhou Minglan", "title");
    expect(a, "Zhou", 0, "PERSON", "Zhou Minglan", NULL);
    nerq_article_free(a);
}
END_TEST

START_TEST(alias_gazetteer_surname)
{
    nerq_article *a = run("Brandvold arrived late.\n");
    expect(a, "Brandvold", 0, "PERSON", "Oskar Brandvold", "gazetteer");
    ck_assert_str_eq(find(a, "Brandvold", 0)->id, "Q9");
    nerq_article_free(a);
}
END_TEST

START_TEST(alias_acronym)
{
    nerq_article *a = run("The Northern Tidal Alliance (NTA) met in March. The NTA said little.\n");
    expect(a, "Northern Tidal Alliance", 0, "ORG", "Northern Tidal Alliance", "org-words");
    expect(a, "NTA", 0, "ORG", "Northern Tidal Alliance", "alias-acronym");
    expect(a, "NTA", 1, "ORG", "Northern Tidal Alliance", "alias-acronym");
    nerq_article_free(a);
}
END_TEST

START_TEST(alias_unknown_acronym)
{
    nerq_article *a = run("Talks with the KWPF stalled, and AIDS funds ran out.\n\nBRACKWATER, Valdoria 2024-01-02\n");
    expect(a, "KWPF", 0, "ORG", "KWPF", "acronym");
    ck_assert_ptr_null(find(a, "AIDS", 0));
    ck_assert_ptr_null(find(a, "BRACKWATER", 0));
    nerq_article_free(a);
}
END_TEST

START_TEST(gazetteer_spelling_kept)
{
    nerq_article *a = run("Analysts at the Centre for Tidal Studies and the CTS agree.\n");
    expect(a, "Centre for Tidal Studies", 0, "ORG", "Centre for Tidal Studies", "gazetteer");
    ck_assert_str_eq(find(a, "Centre for Tidal Studies", 0)->id, "org/cts");
    expect(a, "CTS", 0, "ORG", "Centre for Tidal Studies", "gazetteer"); /* same id, one entity */
    ck_assert_uint_eq(a->entities.n, 1);
    nerq_article_free(a);
}
END_TEST

START_TEST(alias_gazetteer_acronym)
{
    nerq_article *a = run("Ministers of the EU met.\n");
    expect(a, "EU", 0, "ORG", "European Union", "gazetteer");
    nerq_article_free(a);
}
END_TEST

START_TEST(alias_org_word)
{
    nerq_article *a = run("Fans of Dunhollow Rovers cheered. Dunhollow won 2-1.\n");
    expect(a, "Dunhollow Rovers", 0, "ORG", "Dunhollow Rovers", "org-words");
    expect(a, "Dunhollow", 0, "ORG", "Dunhollow Rovers", "alias-org-word");
    nerq_article_free(a);
}
END_TEST

START_TEST(alias_org_not_person)
{
    nerq_article *a = run("Shares of Brackwater Foods Inc fell. Brackwater said sales were weak.\n");
    expect(a, "Brackwater", 0, "ORG", "Brackwater Foods Inc", "alias-org-word");
    nerq_article_free(a);
}
END_TEST

START_TEST(alias_headline_caps)
{
    nerq_article *a = run("QUARRELL SAYS NO TO VALDORIA\n\nThe mayor, Bettina Quarrell, said no.\n");
    expect(a, "VALDORIA", 0, "COUNTRY", "Valdoria", "gazetteer");
    expect(a, "QUARRELL", 0, "PERSON", "Bettina Quarrell", "alias-surname");
    ck_assert_ptr_null(find(a, "SAYS", 0));
    nerq_article_free(a);
}
END_TEST

START_TEST(leading_article_left_out)
{
    nerq_article *a = run("Officials in the Kremlin and the United States disagreed.\n");
    const nerq_mention *m = find(a, "Kremlin", 0);
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(m->entity, "Kremlin");
    ck_assert_str_eq(m->type, "ORG");
    m = find(a, "United States", 0);
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(m->type, "COUNTRY");
    ck_assert_uint_eq(m->end - m->start, strlen("United States"));
    nerq_article_free(a);
}
END_TEST

START_TEST(sentence_start_common_word)
{
    nerq_article *a = run("Police said the road was closed. The Quarry Club objected.\n");
    ck_assert_ptr_null(find(a, "Police", 0));
    expect(a, "Quarry Club", 0, "ORG", "Quarry Club", "org-words");
    nerq_article_free(a);
}
END_TEST

START_TEST(ambiguity_by_context)
{
    nerq_article *a = run("Valdoria and Georgia signed. Later he flew to Macon, Georgia.\n");
    expect(a, "Georgia", 0, "COUNTRY", "Georgia", NULL);
    expect(a, "Georgia", 1, "LOC", "Georgia", "ambig-place-after-place");
    nerq_article_free(a);
}
END_TEST

START_TEST(ambiguity_common_word)
{
    /* an entry marked ambiguous=1 that opens a sentence as an ordinary word */
    nerq_article *a = run("Harlow is quiet today. Penny Harlow spoke.\n");
    expect(a, "Penny Harlow", 0, "PERSON", "Penny Harlow", "gazetteer");
    nerq_article_free(a);
}
END_TEST

START_TEST(demonym_norp)
{
    nerq_article *a = run("Two Valdorian sailors were rescued.\n");
    expect(a, "Valdorian", 0, "NORP", "Valdorian", "gazetteer");
    nerq_article_free(a);
}
END_TEST

START_TEST(entities_list)
{
    nerq_article *a = run("Nadia Brell met Ivo Stam in Valdoria. Brell and Stam agreed; Valdoria "
                          "welcomed it.\n");
    ck_assert_uint_eq(a->entities.n, 3);
    ck_assert_str_eq(a->entities.v[0].name, "Nadia Brell");
    ck_assert_uint_eq(a->entities.v[0].n_mentions, 2);
    ck_assert_str_eq(a->entities.v[1].name, "Ivo Stam");
    ck_assert_uint_eq(a->entities.v[1].n_mentions, 2);
    ck_assert_str_eq(a->entities.v[2].name, "Valdoria");
    ck_assert_str_eq(a->entities.v[2].id, "Q1");
    for (size_t k = 0; k < a->entities.n; k++)
        for (uint32_t j = 0; j < a->entities.v[k].n_mentions; j++)
            ck_assert_int_eq(a->mentions.v[a->entities.v[k].mentions[j]].ent, (int)k);
    for (size_t i = 1; i < a->mentions.n; i++)
        ck_assert_uint_lt(a->mentions.v[i - 1].start, a->mentions.v[i].start);
    nerq_article_free(a);
}
END_TEST

START_TEST(rule_lost_character)
{
    nerq_article *a = run("Deputy Minister Ruta Kalv?nas spoke; Ona Grabauskait?, an analyst, agreed.\n");
    expect(a, "Ruta Kalv?nas", 0, "PERSON", "Ruta Kalv?nas", "title");
    expect(a, "Ona Grabauskait?", 0, "PERSON", "Ona Grabauskait?", "apposition");
    nerq_article_free(a);
}
END_TEST

START_TEST(rule_title_inside_sequence)
{
    nerq_article *a = run("Yesterday Valdorian National Security Adviser Imre Tass resigned.\n");
    expect(a, "Imre Tass", 0, "PERSON", "Imre Tass", "title");
    nerq_article_free(a);
}
END_TEST

START_TEST(rule_learned_word_inside_sequence)
{
    /* a one-word name learned from data does not cut a longer name */
    nerq_article *a = run("The prize went to Hollis Ferrand, a writer. Hollis was pleased.\n");
    expect(a, "Hollis Ferrand", 0, "PERSON", "Hollis Ferrand", "apposition");
    nerq_article_free(a);
}
END_TEST

START_TEST(rule_person_org)
{
    nerq_article *a = run("Critics of President Odo Vela's administration spoke.\n");
    expect(a, "Odo Vela", 0, "PERSON", "Odo Vela", "title");
    expect(a, "administration", 0, "ORG", "Vela administration", "person-org");
    ck_assert_str_eq(find(a, "administration", 0)->id, "nerq:org/vela-admin");
    nerq_article_free(a);
}
END_TEST

START_TEST(ambiguity_team_in_sports_report)
{
    nerq_article *a = run("SOCCER - LEAGUE RESULTS\n\nDunmore beat Kestrel 2-1 in the league. "
                          "Fans in Dunmore cheered.\n");
    expect(a, "Dunmore", 0, "ORG", "Dunmore", "ambig-team");
    expect(a, "Dunmore", 1, "LOC", "Dunmore", "gazetteer");
    nerq_article_free(a);
}
END_TEST

START_TEST(ambiguity_unknown_team)
{
    /* an unknown name with a score in a sports report is a team, unless it is the
     * surname of a player named in the report */
    nerq_article *a = run("SOCCER - CUP RESULTS\n\nStriker Tomas Verhoek scored twice.\n\n"
                          "Brackwater 3 Verhoek 2\n\nDUNMORE AT BRACKWATER\n");
    expect(a, "Brackwater", 0, "ORG", "Brackwater", "team");
    expect(a, "Verhoek", 0, "PERSON", "Tomas Verhoek", "alias-surname");
    expect(a, "DUNMORE", 0, "ORG", "Dunmore", "ambig-team");
    nerq_article_free(a);
}
END_TEST

START_TEST(ambiguity_generic_org_by_country)
{
    nerq_article *a = run("Valdoria and Georgia talked. Valdoria wants more. The Foreign Ministry "
                          "said so.\n");
    expect(a, "Foreign Ministry", 0, "ORG", "Valdorian Foreign Ministry", "ambig-dominant-country");
    nerq_article_free(a);
}
END_TEST

START_TEST(pathological_capitals)
{
    /* 60,000 capitalised words in one sentence, some of them listed: linear time */
    nerq_buf b = {0};
    for (int k = 0; k < 60000; k++)
        nerq_buf_puts(&b, k % 3 ? "Valdoria Kestrelmoor " : "Tarrow ");
    nerq_buf_puts(&b, "said.\n");
    nerq_article *a = run(b.data);
    ck_assert_uint_gt(a->mentions.n, 1000);
    nerq_article_free(a);
    nerq_buf_free(&b);
}
END_TEST

/* ent_feat.c keeps each word's features: a word gets the same ones whether they are
 * worked out or found, in the same article and after the table has filled up and
 * started again (some 70,000 distinct words in between), as in another article. */
START_TEST(word_features_kept_per_word)
{
    static const char sentence[] = "Mr. Harlow met Penny Harlow, the U.S. envoy from the United States, in "
                                   "Georgia-based talks with Valdorians and Corin Westbrook-Smythe-Oxenholme.\n";
    enum { FILLER = 70000 };
    nerq_buf text = {0};
    nerq_buf_printf(&text, "%s", sentence);
    for (int k = 0; k < FILLER; k++)
        nerq_buf_printf(&text, "%s%c%x%s", k % 3 ? "zq" : "Zq", 'a' + k % 26, k, k % 20 == 19 ? ".\n" : " ");
    nerq_buf_printf(&text, "\n%s", sentence);
    nerq_article *a = nerq_test_article(text.data, "t.txt");
    nerq_article *b = nerq_test_article(sentence, "u.txt");
    nerq_ent_features(ents, a);
    size_t n = ents->feat.n;
    nerq_ent_feat *fa = malloc(n * sizeof *fa);
    ck_assert_ptr_nonnull(fa);
    memcpy(fa, ents->feat.v, n * sizeof *fa);
    nerq_ent_features(ents, b);
    size_t k = ents->feat.n;
    ck_assert_uint_gt(n, FILLER + 2 * k);
    for (size_t i = 0; i < k; i++) {
        ck_assert_int_eq(memcmp(&fa[i], &ents->feat.v[i], sizeof *fa), 0);         /* worked out, found */
        ck_assert_int_eq(memcmp(&fa[n - k + i], &ents->feat.v[i], sizeof *fa), 0); /* after a restart */
    }
    /* and what they say: "Mr." opens a title, "Harlow" is a name word, "Georgia-based" not */
    ck_assert(fa[0].exact & ENT_TITLE_START);
    ck_assert(fa[1].word & ENT_W_NAME);
    ck_assert(fa[3].gaz[0] >= 2); /* "Penny Harlow" */
    free(fa);
    nerq_article_free(a);
    nerq_article_free(b);
    nerq_buf_free(&text);
}
END_TEST

START_TEST(bad_title_flag)
{
    /* a copy of rules/ (links) whose person-titles.txt has a bad flag on line 2 */
    nerq_config c;
    nerq_config_default(&c);
    char rdir[64] = "/tmp/nerq-check-rules-XXXXXX", path[512], target[512];
    ck_assert_ptr_nonnull(mkdtemp(rdir));
    DIR *d = opendir(c.rules_dir);
    ck_assert_ptr_nonnull(d);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' || !strcmp(de->d_name, "person-titles.txt"))
            continue;
        snprintf(path, sizeof path, "%s/%s", rdir, de->d_name);
        snprintf(target, sizeof target, "%s/%s", c.rules_dir, de->d_name);
        ck_assert_int_eq(symlink(target, path), 0);
    }
    closedir(d);
    snprintf(path, sizeof path, "%s/person-titles.txt", rdir);
    FILE *f = fopen(path, "w");
    fputs("Mr.\nMessrs.\tplurall\n", f);
    fclose(f);
    c.gazetteers_dir = gazdir;
    c.rules_dir = rdir;
    nerq_err err = {{0}};
    ck_assert_ptr_null(nerq_entities_new(&c, &err));
    ck_assert_msg(strstr(err.msg, "person-titles.txt:2: unknown flag") != NULL, "message: %s", err.msg);
    d = opendir(rdir);
    while ((de = readdir(d)) != NULL)
        if (de->d_name[0] != '.') {
            snprintf(path, sizeof path, "%s/%s", rdir, de->d_name);
            unlink(path);
        }
    closedir(d);
    rmdir(rdir);
}
END_TEST

static Suite *entities_suite(void)
{
    Suite *s = suite_create("entities");
    TCase *t = tcase_create("rules");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, rule_title);
    tcase_add_test(t, rule_role_noun);
    tcase_add_test(t, rule_plural_title);
    tcase_add_test(t, rule_given_name);
    tcase_add_test(t, rule_speech_subject);
    tcase_add_test(t, rule_no_person_from_nationality);
    tcase_add_test(t, rule_apposition);
    tcase_add_test(t, rule_name_shape);
    tcase_add_test(t, rule_org_words);
    tcase_add_test(t, rule_name_shape_particles_initials);
    tcase_add_test(t, rule_misc_words_and_hyphens);
    tcase_add_test(t, rule_org_boundaries);
    tcase_add_test(t, rule_org_after_place);
    tcase_add_test(t, rule_name_particle);
    tcase_add_test(t, alias_surname);
    tcase_add_test(t, alias_family_name_first);
    tcase_add_test(t, alias_gazetteer_surname);
    tcase_add_test(t, alias_acronym);
    tcase_add_test(t, alias_unknown_acronym);
    tcase_add_test(t, gazetteer_spelling_kept);
    tcase_add_test(t, alias_gazetteer_acronym);
    tcase_add_test(t, alias_org_word);
    tcase_add_test(t, alias_org_not_person);
    tcase_add_test(t, alias_headline_caps);
    tcase_add_test(t, leading_article_left_out);
    tcase_add_test(t, sentence_start_common_word);
    tcase_add_test(t, ambiguity_by_context);
    tcase_add_test(t, ambiguity_common_word);
    tcase_add_test(t, demonym_norp);
    tcase_add_test(t, entities_list);
    tcase_add_test(t, rule_lost_character);
    tcase_add_test(t, rule_title_inside_sequence);
    tcase_add_test(t, rule_learned_word_inside_sequence);
    tcase_add_test(t, rule_person_org);
    tcase_add_test(t, ambiguity_team_in_sports_report);
    tcase_add_test(t, ambiguity_unknown_team);
    tcase_add_test(t, ambiguity_generic_org_by_country);
    tcase_add_test(t, pathological_capitals);
    tcase_add_test(t, bad_title_flag);
    tcase_add_test(t, word_features_kept_per_word);
    suite_add_tcase(s, t);
    return s;
}

NERQ_SUITE_MAIN(entities_suite)
