/* A two-day course with a dozen attendees, driven through the real binary, every rule. */
#include "cli_support.h"

#define D1 "2026-11-23"
#define D2 "2026-11-24"

static const char *ROSTER =
    "First name,Last name,E-mail\n"
    "Zoë,Ångström-Núñez,zoe@example.org\n"
    "Mateo,García,mateo@example.org\n"
    "Amélie,Dubois,amelie@example.org\n"
    "Jürgen,Weiß,juergen@example.org\n"
    "Siobhán,O'Connor,siobhan@example.org\n"
    "Bjørn,Eriksen,bjorn@example.org\n"
    "Łucja,Wiśniewska,lucja@example.org\n"
    "Chidi,Okafor,chidi@example.org\n"
    "Priya,Raman,priya@example.org\n"
    "Tomás,Novák,tomas@example.org\n"
    "Анна,Кузнецова,anna@example.org\n"
    "Αλέξανδρος,Παπαδόπουλος,alex@example.org\n";

/* A normal day for someone: in and out at the given local times. */
static void day(const char *db, const char *date, const char *who, const char *in,
                const char *out)
{
    ck_proc p = {0};
    char at[32];
    snprintf(at, sizeof at, "%s %s", date, in);
    CLI_OK(&p, db, at, "checkin", who);
    if (out) {
        snprintf(at, sizeof at, "%s %s", date, out);
        CLI_OK(&p, db, at, "checkout", who);
    }
    ck_proc_clear(&p);
}

static json_t *status(const char *db, const char *now)
{
    ck_proc p = {0};
    CLI_OK(&p, db, now, "status", "--json");
    json_error_t jerr;
    json_t *doc = json_loads(p.out, 0, &jerr);
    if (!doc)
        ck_test_fail(__FILE__, __LINE__, "status --json is not JSON: %s\n%s", jerr.text, p.out);
    ck_proc_clear(&p);
    return doc;
}

static void two_day_course(void)
{
    const char *db = ck_test_path("course.db");
    const char *roster = ck_test_path("roster.csv");
    ck_proc p = {0};
    CK_CHECK(ck_test_write_file(roster, ROSTER));

    CLI_OK(&p, db, D1 " 08:00", "init");
    CLI_OK(&p, db, D1 " 08:00", "course", "create", "--title", "Certified Scrum Product Owner",
           "--trainer", "Maria Schmidt", "--credential", "Certified Scrum Trainer", "--location",
           "Berlin", "--day", D1, "--day", D2, "--break", "12:30-13:15", "--tolerance", "10",
           "--hours", "14.5");
    CK_CHECK_STR(p.out, "1\n");
    CLI_OK(&p, db, D1 " 08:00", "roster", "import", roster);
    CK_CHECK_CONTAINS(p.out, "12 added");

    /* Day 1. */
    day(db, D1, "zoe", "08:55", "17:02");                 /* by name, accents ignored */
    day(db, D1, "mateo@example.org", "09:20", "17:00");   /* 20 min late */
    day(db, D1, "amelie", "09:08", "17:00");              /* 8 min late: within tolerance */
    day(db, D1, "juergen@example.org", "09:00", "17:00");
    day(db, D1, "siobhan", "08:58", NULL);                /* forgets to check out */
    day(db, D1, "bjorn", "09:00", "12:00");               /* away across lunch… */
    day(db, D1, "bjorn", "13:30", "17:00");               /* …back 15 min after the break */
    day(db, D1, "lucja", "09:00", "17:00");
    day(db, D1, "chidi", "09:00", "17:00");
    /* priya is absent on day 1. */
    day(db, D1, "Анна", "09:00", "11:00");                /* a mistaken check-out… */
    day(db, D1, "alex@example.org", "09:00", "17:00");

    /* A repeated tap is a no-op that says since when. */
    CLI_OK(&p, db, D1 " 09:30", "checkin", "siobhan@example.org");
    CK_CHECK_CONTAINS(p.out, "already checked in (since 08:58)");
    /* Tomás's check-in is recorded by the trainer afterwards (the kiosk was down). */
    CLI_FAILS(&p, db, D1 " 10:00", "needs a reason", "checkin", "tomas", "--at", D1 " 09:00");
    CLI_OK(&p, db, D1 " 10:00", "checkin", "tomas", "--at", D1 " 09:00", "--reason",
           "kiosk was down at 9:00");
    CLI_OK(&p, db, D1 " 17:00", "checkout", "tomas");
    /* …the trainer undoes Anna's mistaken check-out. */
    CLI_OK(&p, db, D1 " 11:05", "events", "anna@example.org", "--json");
    json_t *evs = json_loads(p.out, 0, NULL);
    const char *out_id_text = NULL;
    char out_id[32] = "";
    if (evs && json_array_size(evs) == 2) {
        snprintf(out_id, sizeof out_id, "%lld",
                 (long long)json_integer_value(json_object_get(json_array_get(evs, 1), "id")));
        out_id_text = out_id;
    }
    json_decref(evs);
    CK_CHECK(out_id_text != NULL);
    CLI_FAILS(&p, db, D1 " 11:05", "needs a reason", "undo", out_id);
    CLI_OK(&p, db, D1 " 11:05", "undo", out_id, "--reason", "tapped out by mistake");
    CLI_FAILS(&p, db, D1 " 11:06", "already undone", "undo", out_id, "--reason", "again");
    /* Anna stays and checks out at the end. */
    CLI_OK(&p, db, D1 " 17:01", "checkout", "anna@example.org");

    /* Closing day 1 is refused before the window ends, then checks Siobhán out at 17:00. */
    CLI_FAILS(&p, db, D1 " 16:30", "ends at 17:00", "close-day", "--reason", "end of day 1");
    CLI_FAILS(&p, db, D1 " 17:30", "needs a reason", "close-day");
    CLI_OK(&p, db, D1 " 17:30", "close-day", "--reason", "end of day 1");
    CK_CHECK_CONTAINS(p.out, "checked out 1 still in at 17:00: Siobhán O'Connor");
    CLI_OK(&p, db, D1 " 17:31", "close-day", D1, "--reason", "closing again");
    CK_CHECK_CONTAINS(p.out, "nobody was still checked in");

    /* Checking out someone who is not in is refused; a non-course day is refused. */
    CLI_FAILS(&p, db, D1 " 18:00", "not checked in today", "checkout", "priya");
    CLI_FAILS(&p, db, "2026-11-25 09:00", "is not a day of the course", "checkin", "priya");
    /* "a" finds Amélie and Zoë Ångström, and Анна and Αλέξανδρος by their Latin spellings. */
    CLI_FAILS(&p, db, D1 " 18:00", "matches 4 people", "checkin", "a");

    /* Day 2. */
    day(db, D2, "zoe", "08:50", "17:00");
    day(db, D2, "mateo", "09:00", "17:00");
    day(db, D2, "amelie", "09:00", "16:58");               /* 2 min early: fine */
    day(db, D2, "juergen", "09:00", "16:25");              /* 35 min early */
    day(db, D2, "siobhan", "09:00", "17:00");
    day(db, D2, "bjorn", "09:00", "17:00");
    day(db, D2, "lucja", "09:00", "17:00");
    day(db, D2, "chidi", "09:00", "17:00");
    day(db, D2, "priya", "09:00", "17:00");
    day(db, D2, "tomas", "09:00", "17:00");
    day(db, D2, "anna@example.org", "09:00", "17:00");
    day(db, D2, "alex@example.org", "09:00", NULL);       /* still in: not closed */

    /* License decisions. */
    const char *accept[] = {"zoe", "mateo", "amelie", "juergen", "siobhan", "bjorn",
                            "chidi", "priya", "tomas", "anna@example.org", "alex@example.org"};
    for (size_t i = 0; i < sizeof accept / sizeof accept[0]; i++)
        CLI_OK(&p, db, D2 " 17:05", "license", "accept", accept[i]);
    CLI_OK(&p, db, D2 " 17:05", "license", "decline", "lucja");

    json_t *doc = status(db, D2 " 18:00");
    struct {
        const char *email;
        bool eligible;
        const char *reason, *code; /* the sentence and its stable code in --json */
    } expect[] = {
        {"zoe@example.org", true, NULL, NULL},
        {"mateo@example.org", false, "day 1: arrived 20 min late, at 09:20 (tolerance 10)",
         "day.late"},
        {"amelie@example.org", true, NULL, NULL},
        {"juergen@example.org", false, "day 2: left 35 min early, at 16:25 (tolerance 10)",
         "day.early"},
        {"siobhan@example.org", true, NULL, NULL},
        {"bjorn@example.org", false, "day 1: away 45 min, 12:00–13:30 (tolerance 10)", "day.away"},
        {"lucja@example.org", false, "declined the license agreement (version 1)",
         "license.declined"},
        {"chidi@example.org", true, NULL, NULL},
        {"priya@example.org", false, "day 1: no attendance recorded", "day.absent"},
        {"tomas@example.org", true, NULL, NULL},
        {"anna@example.org", true, NULL, NULL},
        {"alex@example.org", false, "day 2: checked in at 09:00 but never checked out", "day.open"},
    };
    for (size_t i = 0; doc && i < sizeof expect / sizeof expect[0]; i++) {
        json_t *person = status_person(doc, expect[i].email);
        CK_CHECK(person != NULL);
        if (!person)
            continue;
        bool eligible = json_is_true(json_object_get(person, "eligible"));
        if (eligible != expect[i].eligible)
            ck_test_fail(__FILE__, __LINE__, "%s: eligible should be %d", expect[i].email,
                         expect[i].eligible);
        if (expect[i].reason && !has_reason(person, expect[i].reason))
            ck_test_fail(__FILE__, __LINE__, "%s: no reason \"%s\" in %s", expect[i].email,
                         expect[i].reason,
                         json_dumps(json_object_get(person, "reasons"), JSON_COMPACT));
        if (expect[i].code)
            CK_CHECK_STR(reason_code(person, expect[i].reason), expect[i].code);
        if (expect[i].eligible)
            CK_CHECK_INT(json_array_size(json_object_get(person, "reasons")), 0);
    }
    /* Numbers a trainer can check by hand. */
    json_t *amelie = status_person(doc, "amelie@example.org");
    json_t *d1 = json_array_get(json_object_get(amelie, "days"), 0);
    CK_CHECK_INT(json_integer_value(json_object_get(d1, "required_minutes")), 435);
    CK_CHECK_INT(json_integer_value(json_object_get(d1, "present_minutes")), 427);
    CK_CHECK(json_is_true(json_object_get(d1, "complete")));
    json_t *alex = status_person(doc, "alex@example.org");
    json_t *d2 = json_array_get(json_object_get(alex, "days"), 1);
    CK_CHECK_STR(json_string_value(json_object_get(d2, "open_since")), D2 "T09:00:00+01:00");
    CK_CHECK_INT(json_integer_value(json_object_get(json_object_get(doc, "summary"),
                                                    "eligible")),
                 6);
    json_decref(doc);

    /* A new license text makes earlier acceptances not current. */
    const char *lic2 = ck_test_path("license-v2.txt");
    CK_CHECK(ck_test_write_file(lic2, "Participant agreement, second edition.\n\nBe kind.\n"));
    CLI_OK(&p, db, D2 " 18:10", "license", "update", lic2);
    CK_CHECK_CONTAINS(p.out, "version 2 stored");
    CLI_OK(&p, db, D2 " 18:10", "license", "update", lic2);
    CK_CHECK_CONTAINS(p.out, "unchanged (version 2)");
    doc = status(db, D2 " 18:15");
    json_t *zoe = status_person(doc, "zoe@example.org");
    CK_CHECK(json_is_false(json_object_get(zoe, "eligible")));
    CK_CHECK(has_reason(zoe, "accepted license version 1, but the current text is version 2"));
    CK_CHECK_STR(reason_code(zoe, "accepted license version 1"), "license.outdated");
    json_decref(doc);
    CLI_OK(&p, db, D2 " 18:20", "license", "accept", "zoe");
    doc = status(db, D2 " 18:25");
    CK_CHECK(json_is_true(json_object_get(status_person(doc, "zoe@example.org"), "eligible")));
    json_decref(doc);

    /* The human table says the same. */
    CLI_OK(&p, db, D2 " 18:30", "status");
    CK_CHECK_CONTAINS(p.out, "Zoë Ångström-Núñez");
    CK_CHECK_CONTAINS(p.out, "ELIGIBLE");
    CK_CHECK_CONTAINS(p.out, "- day 1: arrived 20 min late");

    /* Every trainer action is in the audit trail, and the chain holds. */
    CLI_OK(&p, db, D2 " 18:30", "audit", "--json");
    CK_CHECK_CONTAINS(p.out, "\"checkin.trainer\"");
    CK_CHECK_CONTAINS(p.out, "kiosk was down at 9:00");
    CK_CHECK_CONTAINS(p.out, "\"event.void\"");
    CK_CHECK_CONTAINS(p.out, "\"day.close\"");
    CK_CHECK_CONTAINS(p.out, "\"roster.import\"");
    CK_CHECK_CONTAINS(p.out, "\"license.update\"");
    CLI_OK(&p, db, D2 " 18:30", "audit", "verify");
    CK_CHECK_CONTAINS(p.out, "audit trail intact");
    /* Re-importing the same roster changes nothing, not even the audit trail. */
    CLI_OK(&p, db, D2 " 18:30", "roster", "import", roster);
    CK_CHECK_CONTAINS(p.out, "0 added, 0 renamed, 12 unchanged");
    ck_proc_clear(&p);
}

int main(int argc, char **argv)
{
    ck_test_init(argc, argv);
    CK_RUN(two_day_course);
    return ck_test_done();
}
