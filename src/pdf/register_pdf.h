/* The attendance register PDF: portrait pages of tables (one section per course day, then a
 * summary), each page with the same header, "Page 2 of 5" and a footer line, the trainer's
 * signature and date lines at the end.
 *
 * Everything is worded by the caller (app/) but the page numbers. Text is normalised to NFC;
 * a character no face of the font set draws is shown as "?" (a register lists everyone, even
 * a name the certificate would refuse). Long cells wrap within their column; a column marked
 * shrink (names) first shrinks its text a little to stay on one line. Tables break across
 * pages with their column headers repeated.
 */
#ifndef CK_PDF_REGISTER_PDF_H
#define CK_PDF_REGISTER_PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "common/err.h"
#include "pdf/fonts.h"

typedef struct ck_reg_column {
    const char *title;
    double weight; /* its share of the table's width */
    bool right;    /* right-aligned (numbers) */
    bool shrink;   /* shrink before wrapping (names) */
} ck_reg_column;

typedef struct ck_reg_section {
    const char *heading;           /* "Day 1 · Monday 23 November 2026" */
    const char *heading_continued; /* on the next pages: "Day 1, continued" */
    const char *detail;            /* optional line under the heading */
    size_t ncols;
    const ck_reg_column *cols;
    size_t nrows;
    const char *const *cells;  /* nrows × ncols, row by row; "" for an empty cell */
    const char *notes_heading; /* above the notes, when there are any */
    size_t nnotes;
    const char *const *notes; /* paragraphs below the table */
} ck_reg_section;

typedef struct ck_register_pdf {
    const char *title;       /* "Attendance register" */
    const char *course_line; /* the course's title */
    const char *detail_line; /* dates, place, trainer */
    size_t nsections;
    const ck_reg_section *sections;
    const char *closing;         /* optional paragraph before the signature lines */
    const char *signature_label; /* "Trainer's signature" */
    const char *date_label;      /* "Date" */
    const char *footer;          /* on every page: the course id and the chain head */
    bool letter;                 /* US Letter instead of A4 (both portrait) */
    const ck_pdf_fonts *fonts;
    const char *meta_title, *meta_author, *meta_subject, *meta_keywords;
    time_t created; /* 0: now */
} ck_register_pdf;

typedef struct ck_register_pdf_result {
    unsigned char *pdf; /* freed by ck_register_pdf_result_clear() */
    size_t size;
    int pages;
} ck_register_pdf_result;

/* Lay the register out and render it into memory. */
ck_rc ck_register_pdf_render(ck_register_pdf_result *out, const ck_register_pdf *reg, ck_err *err);
void ck_register_pdf_result_clear(ck_register_pdf_result *r);

#endif
