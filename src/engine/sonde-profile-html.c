/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde-engine"

/* The quality report of a SondeProfile as one accessible HTML document:
 * a language, a title and one <h1>, the score with its formula in words,
 * then two tables with captions and header cells (scope="col" and
 * scope="row"): the findings, most severe first, and the figures of every
 * column. No script, no colour that carries meaning alone. The Quality
 * pane exports it, and `sonde-cli profile --html` writes it; tests/html
 * checks it with axe-core in headless Chromium.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sonde-column-private.h"
#include "sonde-profile-html.h"

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append (out, escaped);
}

static void
append_cell (GString    *out,
             const char *tag,
             const char *text)
{
  g_string_append_printf (out, "<%s>", tag);
  append_escaped (out, text);
  g_string_append_printf (out, "</%s>", tag);
}

static char *
format_number (double value)
{
  return sonde_column_format_real (value);
}

static int
by_severity (gconstpointer a,
             gconstpointer b)
{
  const SondeFinding *x = *(const SondeFinding * const *) a;
  const SondeFinding *y = *(const SondeFinding * const *) b;

  return (int) y->severity - (int) x->severity;
}

/**
 * sonde_profile_to_html:
 * @self: a #SondeProfile
 * @language: (nullable): the document's language ("fr", "en"); %NULL
 *   for the one of the current messages
 *
 * Returns: (transfer full): a whole HTML document.
 */
char *
sonde_profile_to_html (SondeProfile *self,
                       const char   *language)
{
  GString *out = g_string_new (NULL);
  SondeTable *table = sonde_profile_get_table (self);
  g_autofree char *title = NULL;
  g_autofree char *score = NULL;
  g_autofree char *lang = NULL;
  g_autoptr(GPtrArray) findings = g_ptr_array_new ();
  const char * const *key;

  g_return_val_if_fail (SONDE_IS_PROFILE (self), NULL);

  if (language != NULL)
    lang = g_strdup (language);
  else
    /* Translators: the language code of this translation, for HTML documents */
    lang = g_strdup (C_("html-lang", "en"));

  /* Translators: the title of the quality report of a dataset */
  title = g_strdup_printf (_("Quality of “%s”"), sonde_table_get_name (table));
  g_string_append_printf (out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>", lang);
  append_escaped (out, title);
  g_string_append (out, "</title>\n<style>\n"
                        "body { font-family: sans-serif; line-height: 1.5; margin: 2em; color: #1a1a1a; background: #fff; }\n"
                        "table { border-collapse: collapse; margin: 1em 0; }\n"
                        "caption { text-align: left; font-weight: bold; padding: 0.3em 0; }\n"
                        "th, td { border: 1px solid #767676; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }\n"
                        "td.number { text-align: right; }\n"
                        "</style>\n</head>\n<body>\n<main>\n<h1>");
  append_escaped (out, title);
  g_string_append (out, "</h1>\n<p>");
  /* Translators: the quality score of a dataset, out of 100 */
  score = g_strdup_printf (_("Quality score: %.1f / 100"), sonde_profile_get_score (self));
  append_escaped (out, score);
  g_string_append (out, "</p>\n<p>");
  append_escaped (out, sonde_profile_get_score_formula (self));
  g_string_append (out, "</p>\n");

  key = sonde_profile_get_key_columns (self);
  if (key != NULL && key[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) key);
      g_autofree char *line = sonde_profile_get_key_guessed (self)
                              ? g_strdup_printf (_("Key (guessed): %s"), joined)
                              : g_strdup_printf (_("Key: %s"), joined);

      g_string_append (out, "<p>");
      append_escaped (out, line);
      g_string_append (out, "</p>\n");
    }

  /* Findings, most severe first. */
  g_string_append (out, "<h2>");
  append_escaped (out, _("Findings"));
  g_string_append (out, "</h2>\n");
  for (guint i = 0; i < sonde_profile_get_n_findings (self); i++)
    g_ptr_array_add (findings, (gpointer) sonde_profile_get_finding (self, i));
  g_ptr_array_sort (findings, by_severity);
  if (findings->len == 0)
    {
      g_string_append (out, "<p>");
      append_escaped (out, _("Nothing to report."));
      g_string_append (out, "</p>\n");
    }
  else
    {
      g_string_append (out, "<table>\n<caption>");
      append_escaped (out, _("Findings, most severe first"));
      g_string_append (out, "</caption>\n<thead>\n<tr>");
      g_string_append (out, "<th scope=\"col\">");
      append_escaped (out, _("Finding"));
      g_string_append (out, "</th><th scope=\"col\">");
      append_escaped (out, _("Severity"));
      g_string_append (out, "</th><th scope=\"col\">");
      append_escaped (out, _("Rows"));
      g_string_append (out, "</th></tr>\n</thead>\n<tbody>\n");
      for (guint i = 0; i < findings->len; i++)
        {
          const SondeFinding *f = findings->pdata[i];
          g_autofree char *rows = g_strdup_printf ("%u", f->n_rows);

          g_string_append (out, "<tr><th scope=\"row\">");
          append_escaped (out, f->message);
          g_string_append (out, "</th>");
          append_cell (out, "td", sonde_severity_get_label (f->severity));
          g_string_append (out, "<td class=\"number\">");
          append_escaped (out, rows);
          g_string_append (out, "</td></tr>\n");
        }
      g_string_append (out, "</tbody>\n</table>\n");
    }

  /* Columns. */
  g_string_append (out, "<h2>");
  append_escaped (out, _("Columns"));
  g_string_append (out, "</h2>\n<table>\n<caption>");
  append_escaped (out, _("The figures of each column"));
  g_string_append (out, "</caption>\n<thead>\n<tr>");
  {
    const char *headers[] = {
      N_("Column"), N_("Type"), N_("Values"), N_("Missing"), N_("Distinct"),
      N_("Minimum"), N_("Maximum"), N_("Mean"), N_("Standard deviation"),
      N_("First quartile"), N_("Median"), N_("Third quartile"),
      N_("Outliers (IQR)"), N_("Outliers (z)"), N_("Personal data"),
    };

    for (guint h = 0; h < G_N_ELEMENTS (headers); h++)
      {
        g_string_append (out, "<th scope=\"col\">");
        append_escaped (out, _(headers[h]));
        g_string_append (out, "</th>");
      }
  }
  g_string_append (out, "</tr>\n</thead>\n<tbody>\n");
  for (guint c = 0; c < sonde_profile_get_n_columns (self); c++)
    {
      const SondeColumnProfile *p = sonde_profile_get_column (self, c);
      g_autofree char *count = g_strdup_printf ("%u", p->count);
      g_autofree char *missing = g_strdup_printf ("%u", p->n_missing);
      g_autofree char *distinct = g_strdup_printf (p->distinct_exact ? "%" G_GUINT64_FORMAT : "≈%" G_GUINT64_FORMAT,
                                                   p->n_distinct);
      gboolean numeric = p->numeric && sonde_column_type_is_numeric (p->type);
      g_autofree char *iqr = numeric ? g_strdup_printf ("%u", p->n_outliers_iqr) : g_strdup ("—");
      g_autofree char *z = numeric ? g_strdup_printf ("%u", p->n_outliers_z) : g_strdup ("—");
      double values[] = { p->min, p->max, p->mean, p->std, p->q1, p->median, p->q3 };

      g_string_append (out, "<tr><th scope=\"row\">");
      append_escaped (out, p->name);
      g_string_append (out, "</th>");
      append_cell (out, "td", sonde_column_type_get_label (p->type));
      g_string_append (out, "<td class=\"number\">");
      append_escaped (out, count);
      g_string_append (out, "</td><td class=\"number\">");
      append_escaped (out, missing);
      g_string_append (out, "</td><td class=\"number\">");
      append_escaped (out, distinct);
      g_string_append (out, "</td>");
      for (guint v = 0; v < G_N_ELEMENTS (values); v++)
        {
          /* Dates are told in the text report; here numbers only. */
          g_autofree char *text = p->numeric && sonde_column_type_is_numeric (p->type) && p->count > 0
                                  ? format_number (values[v]) : g_strdup ("—");

          g_string_append (out, "<td class=\"number\">");
          append_escaped (out, text);
          g_string_append (out, "</td>");
        }
      g_string_append (out, "<td class=\"number\">");
      append_escaped (out, iqr);
      g_string_append (out, "</td><td class=\"number\">");
      append_escaped (out, z);
      g_string_append (out, "</td>");
      append_cell (out, "td", p->n_pii > 0 ? sonde_pii_kind_get_label (p->pii) : _("none"));
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</tbody>\n</table>\n</main>\n</body>\n</html>\n");

  return g_string_free (out, FALSE);
}
