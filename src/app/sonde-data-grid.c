/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde"

/* SondeDataGrid: the grid of the Data and Query panes. It shows the rows
 * of a SondeSelection (the pane sorts and filters the selection; the grid
 * only shows it) with a sticky header of column names, a sticky gutter of
 * row numbers, and a cell cursor moved by keyboard or mouse.
 *
 * Sizes: tens of millions of rows and tens of columns. Nothing here costs
 * more than the visible cells: the widget is a GtkScrollable whose
 * adjustments count pixels (a double holds 10^7 rows of 30 px exactly),
 * it has no child widgets, and the snapshot formats and shapes only the
 * rows on screen. Each visible row becomes one render node (its cells'
 * text), kept in a small ring indexed by display position, so scrolling by
 * a few rows per frame shapes only the rows that come into view; the row
 * stripes, grid lines and cursor are cheap colour nodes redrawn each frame.
 * Column widths come from the header and a sample of at most 200 values,
 * measured in the font's own character widths, so opening a table costs
 * the same for 100 rows or 10 million.
 *
 * Row height, paddings and widths all derive from the Pango metrics of the
 * widget's font at its resolution, so 200 % text (gtk-xft-dpi doubled) or
 * a large font grows the grid instead of overlapping it. Colours come from
 * the style context (view_bg_color, view_fg_color, accent_color), so dark
 * and high-contrast styles apply.
 *
 * Accessibility on GTK 4.8 + Orca 43 (see BRIEF.md): there are no
 * accessible cells. The focused grid's accessible LABEL is rewritten on
 * every cursor move with "column, value, row n of total", which Orca
 * speaks; the DESCRIPTION holds the static summary (dataset, size, sort,
 * keys) and changes only with the table or the sort, never in the same
 * step as the label, because Orca speaks twice when both change.
 *
 * Accessible role: GTK_ACCESSIBLE_ROLE_GRID (AT-SPI "table"). Measured
 * with Orca 43 on GTK 4.8 under Xvfb, with a probe window (a button, then
 * the grid over 50 rows × 2 columns; Tab into the grid, then Right, Down,
 * Down, Ctrl+I, Left), each candidate role set at construction:
 * - GRID and TABLE: on focus "age, 20, row 1 of 50." then the
 *   description; each move spoken once as the new label alone ("city,
 *   Lyon, row 1 of 50", ...), Ctrl+I as the summary. No role word, no
 *   class name, no "0 rows".
 * - GROUP and WIDGET: the same, but the focus line is "age, 20, row 1 of
 *   50 panel."; IMG: "... image.". The label changes are spoken the same.
 * All five spoke the description twice on focus (Orca's doing, whatever
 * the role). GRID is kept: it is what the widget is, and it adds no noise.
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sonde-a11y.h"
#include "sonde-data-grid.h"

/* How many values measure a column's width. */
#define SAMPLE_SIZE 200
/* Column widths, in characters of the font, before padding. */
#define MIN_COLUMN_CHARS 4
#define MAX_COLUMN_CHARS 32
/* Rows kept in the node cache beyond those on screen, so that scrolling
 * back by a few rows finds them. */
#define CACHE_EXTRA 16
/* The cursor's border, in pixels, focused and not. */
#define CURSOR_WIDTH_FOCUSED 3.0f
#define CURSOR_WIDTH_UNFOCUSED 2.0f

typedef struct
{
  guint          position;      /* G_MAXUINT when empty */
  GskRenderNode *cells;         /* may be NULL (no visible text) */
  GskRenderNode *gutter;
} RowCache;

typedef enum
{
  MOVE_CELLS,
  MOVE_ROWS,
  MOVE_PAGES,
  MOVE_ROW_ENDS,
  MOVE_TABLE_ENDS,
} MoveStep;

struct _SondeDataGrid
{
  GtkWidget       parent_instance;

  SondeSelection *selection;
  SondeTable     *table;

  GtkAdjustment  *hadjustment;
  GtkAdjustment  *vadjustment;
  guint           hscroll_policy : 1;
  guint           vscroll_policy : 1;
  guint           scroll_to_cursor : 1;
  guint           metrics_valid : 1;
  guint           have_bg : 1;

  guint           cursor_row;
  guint           cursor_column;
  int             sort_column;
  SondeSortOrder  sort_order;
  int             row_header_column;

  /* Metrics, in pixels, from the font (see ensure_metrics()). */
  int             row_height;
  int             header_height;
  int             gutter_width;
  int             pad_x;
  int             text_y;
  guint           n_columns;
  int            *column_x;     /* n_columns + 1 left edges in content space */
  gboolean       *numeric;      /* n_columns: right-aligned */
  PangoLayout    *layout;       /* reused for every cell */

  /* What the metrics and colours were computed from. */
  char           *font_key;

  GdkRGBA         fg;
  GdkRGBA         bg;
  GdkRGBA         dim;
  GdkRGBA         stripe;
  GdkRGBA         header_bg;
  GdkRGBA         line;
  GdkRGBA         accent;
  GdkRGBA         accent_fill;

  /* Render nodes of visible rows, for the column range below. */
  RowCache       *cache;
  guint           cache_len;
  guint           cache_first_column;
  guint           cache_last_column;
  GskRenderNode  *header_node;

  guint           n_formatted;
  char           *label;
  char            decimal_point[8];
};

static void sonde_data_grid_scrollable_init (GtkScrollableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SondeDataGrid, sonde_data_grid, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE,
                                                      sonde_data_grid_scrollable_init))

enum {
  PROP_0,
  PROP_SELECTION,
  N_PROPS,

  /* GtkScrollable */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

static GParamSpec *properties[N_PROPS];

enum {
  CURSOR_MOVED,
  COLUMN_MENU_REQUESTED,
  ACTIVATE_HEADER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_label (SondeDataGrid *self);
static void update_description (SondeDataGrid *self);

/* Text helpers */

/* Formats @value with at most two decimals, without trailing zeros, with
 * the locale's decimal separator and grouping: "38", "1 204,5". */
static char *
format_number (double value)
{
  char *text;
  const char *dp;
  char *point;
  char *end;

  if (!isfinite (value))
    return g_strdup ("—");

  text = g_strdup_printf ("%'.2f", value);
  dp = localeconv ()->decimal_point;
  point = (dp != NULL && dp[0] != '\0') ? strstr (text, dp) : NULL;
  if (point != NULL)
    {
      end = text + strlen (text);
      while (end > point + strlen (dp) && end[-1] == '0')
        *--end = '\0';
      if (end == point + strlen (dp))
        *point = '\0';
    }

  return text;
}

static gboolean
column_is_numeric (SondeColumn *column)
{
  SondeColumnType type = sonde_column_get_column_type (column);

  return type == SONDE_COLUMN_TYPE_INTEGER || type == SONDE_COLUMN_TYPE_REAL;
}

/* The text a sighted user reads in a cell, or %NULL when the value is
 * missing. Numbers keep sonde_column_format_value()'s digits (what the
 * file said) with the locale's decimal separator; yes/no values are
 * words rather than "true"/"false". */
static char *
format_cell (SondeDataGrid *self,
             SondeColumn   *column,
             guint          row)
{
  char *text;

  if (sonde_column_is_missing (column, row))
    return NULL;

  switch (sonde_column_get_column_type (column))
    {
    case SONDE_COLUMN_TYPE_BOOLEAN:
      return g_strdup (sonde_column_get_boolean (column, row) ? _("yes") : _("no"));

    case SONDE_COLUMN_TYPE_REAL:
      text = sonde_column_format_value (column, row);
      if (self->decimal_point[0] != '.' || self->decimal_point[1] != '\0')
        {
          char *dot = strchr (text, '.');

          if (dot != NULL)
            {
              g_autofree char *old = text;

              *dot = '\0';
              text = g_strconcat (old, self->decimal_point, dot + 1, NULL);
            }
        }
      return text;

    case SONDE_COLUMN_TYPE_INTEGER:
    case SONDE_COLUMN_TYPE_CATEGORICAL:
    case SONDE_COLUMN_TYPE_TEXT:
    case SONDE_COLUMN_TYPE_DATE:
    case SONDE_COLUMN_TYPE_DATETIME:
    default:
      return sonde_column_format_value (column, row);
    }
}

static guint
n_rows (SondeDataGrid *self)
{
  return self->selection != NULL ? sonde_selection_get_n_rows (self->selection) : 0;
}

/* Cache and metrics */

static void
clear_cache (SondeDataGrid *self)
{
  for (guint i = 0; i < self->cache_len; i++)
    {
      self->cache[i].position = G_MAXUINT;
      g_clear_pointer (&self->cache[i].cells, gsk_render_node_unref);
      g_clear_pointer (&self->cache[i].gutter, gsk_render_node_unref);
    }
  g_clear_pointer (&self->header_node, gsk_render_node_unref);
}

static void
resize_cache (SondeDataGrid *self,
              guint          len)
{
  clear_cache (self);
  self->cache = g_renew (RowCache, self->cache, len);
  for (guint i = 0; i < len; i++)
    self->cache[i] = (RowCache) { G_MAXUINT, NULL, NULL };
  self->cache_len = len;
}

static void
invalidate_metrics (SondeDataGrid *self)
{
  self->metrics_valid = FALSE;
  clear_cache (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
lookup_color (GtkStyleContext *context,
              const char      *name,
              const char      *fallback,
              GdkRGBA         *color)
{
  if (gtk_style_context_lookup_color (context, name, color))
    return;
  if (fallback != NULL && gtk_style_context_lookup_color (context, fallback, color))
    return;
  gtk_style_context_get_color (context, color);
}

static GdkRGBA
with_alpha (const GdkRGBA *color,
            float          alpha)
{
  return (GdkRGBA) { color->red, color->green, color->blue, color->alpha * alpha };
}

/* Reads colours from the style context. Returns %TRUE when they changed,
 * since the cached row nodes have the text colours baked in. */
static gboolean
update_colors (SondeDataGrid *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  GdkRGBA fg, bg, accent;
  gboolean changed;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (context, "view_fg_color", &fg))
    gtk_style_context_get_color (context, &fg);
  self->have_bg = gtk_style_context_lookup_color (context, "view_bg_color", &bg) ||
                  gtk_style_context_lookup_color (context, "theme_base_color", &bg);
  /* accent_color is Adwaita's accent for foreground use: it keeps 3:1
   * against the view background in light, dark and high contrast. */
  if (!gtk_style_context_lookup_color (context, "accent_color", &accent))
    lookup_color (context, "accent_bg_color", "theme_selected_bg_color", &accent);
  G_GNUC_END_IGNORE_DEPRECATIONS

  changed = !gdk_rgba_equal (&fg, &self->fg) ||
            !gdk_rgba_equal (&accent, &self->accent) ||
            (self->have_bg && !gdk_rgba_equal (&bg, &self->bg));

  self->fg = fg;
  if (self->have_bg)
    self->bg = bg;
  self->accent = accent;
  /* 0.65 of the text colour keeps 4.5:1 on white and on Adwaita's dark
   * view: the dash of a missing value is text too. */
  self->dim = with_alpha (&fg, 0.65f);
  self->stripe = with_alpha (&fg, 0.045f);
  self->header_bg = with_alpha (&fg, 0.08f);
  self->line = with_alpha (&fg, 0.25f);
  self->accent_fill = with_alpha (&accent, 0.14f);

  return changed;
}

static char *
compute_font_key (SondeDataGrid *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  g_autofree char *font = pango_font_description_to_string (pango_context_get_font_description (context));
  const cairo_font_options_t *options = pango_cairo_context_get_font_options (context);

  return g_strdup_printf ("%s@%g/%d", font,
                          pango_cairo_context_get_resolution (context),
                          options != NULL ? (int) cairo_font_options_get_hint_metrics (options) : -1);
}

static int
measure_text (SondeDataGrid *self,
              const char    *text)
{
  int width;

  pango_layout_set_width (self->layout, -1);
  pango_layout_set_text (self->layout, text, -1);
  pango_layout_get_pixel_size (self->layout, &width, NULL);

  return width;
}

static void
ensure_layout (SondeDataGrid *self)
{
  if (self->layout != NULL)
    return;

  self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  pango_layout_set_single_paragraph_mode (self->layout, TRUE);
  pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
}

/* Computes row height, paddings, gutter and column widths from the font.
 * Costs O(columns × SAMPLE_SIZE), independent of the number of rows. */
static void
ensure_metrics (SondeDataGrid *self)
{
  PangoContext *context;
  PangoFontMetrics *metrics;
  PangoAttrList *bold;
  int line_height, digit_width, char_width, pad_y;
  guint total;

  if (self->metrics_valid)
    return;

  g_clear_object (&self->layout);
  ensure_layout (self);
  context = pango_layout_get_context (self->layout);
  metrics = pango_context_get_metrics (context, NULL, NULL);
  line_height = PANGO_PIXELS_CEIL (MAX (pango_font_metrics_get_height (metrics),
                                        pango_font_metrics_get_ascent (metrics) +
                                        pango_font_metrics_get_descent (metrics)));
  digit_width = PANGO_PIXELS_CEIL (pango_font_metrics_get_approximate_digit_width (metrics));
  char_width = PANGO_PIXELS_CEIL (pango_font_metrics_get_approximate_char_width (metrics));
  pango_font_metrics_unref (metrics);

  /* Actual text may be taller than the font's nominal line (accents,
   * fallback fonts): take the larger. */
  {
    int h;

    pango_layout_set_text (self->layout, "ÂgÉjy|", -1);
    pango_layout_get_pixel_size (self->layout, NULL, &h);
    line_height = MAX (line_height, h);
  }

  pad_y = MAX (3, line_height / 4);
  self->pad_x = MAX (4, char_width);
  self->row_height = line_height + 2 * pad_y;
  self->text_y = pad_y;
  self->header_height = self->row_height + 2;

  total = n_rows (self);
  {
    g_autofree char *widest = sonde_a11y_format_count (MAX (total, 1));

    /* Digits of the largest row number, each as wide as the widest digit
     * (tabular figures are not guaranteed). */
    for (char *p = widest; *p != '\0'; p++)
      if (g_ascii_isdigit (*p))
        *p = '8';
    self->gutter_width = measure_text (self, widest) + 2 * self->pad_x;
  }

  self->n_columns = self->table != NULL ? sonde_table_get_n_columns (self->table) : 0;
  g_free (self->column_x);
  g_free (self->numeric);
  self->column_x = g_new0 (int, self->n_columns + 1);
  self->numeric = g_new0 (gboolean, MAX (self->n_columns, 1));

  bold = pango_attr_list_new ();
  pango_attr_list_insert (bold, pango_attr_weight_new (PANGO_WEIGHT_BOLD));

  for (guint c = 0; c < self->n_columns; c++)
    {
      SondeColumn *column = sonde_table_get_column (self->table, c);
      gboolean numeric = column_is_numeric (column);
      int unit = numeric ? digit_width : char_width;
      guint n_sample = MIN (total, SAMPLE_SIZE);
      guint longest = 0;
      g_autofree char *longest_text = NULL;
      int header, body;

      /* The header is bold with room for the sort arrow. */
      pango_layout_set_attributes (self->layout, bold);
      header = measure_text (self, sonde_column_get_name (column)) + 2 * char_width;
      pango_layout_set_attributes (self->layout, NULL);

      /* Values spread over the whole selection, counted in characters:
       * shaping 200 strings per column would cost more than the rest of
       * opening a table. */
      for (guint i = 0; i < n_sample; i++)
        {
          guint position = (guint) (((guint64) i * total) / n_sample);
          g_autofree char *text = format_cell (self, column,
                                               sonde_selection_get_row (self->selection, position));

          if (text != NULL && (guint) g_utf8_strlen (text, -1) > longest)
            {
              longest = g_utf8_strlen (text, -1);
              g_free (longest_text);
              longest_text = g_steal_pointer (&text);
            }
        }
      body = (int) CLAMP (longest, MIN_COLUMN_CHARS, MAX_COLUMN_CHARS) * unit;
      /* The average character is narrower than capitals and wide
       * letters: the longest value, shaped once, corrects the estimate. */
      if (longest_text != NULL)
        body = MAX (body, MIN (measure_text (self, longest_text), MAX_COLUMN_CHARS * char_width));
      header = MIN (header, MAX_COLUMN_CHARS * char_width);

      self->numeric[c] = numeric;
      self->column_x[c + 1] = self->column_x[c] + MAX (header, body) + 2 * self->pad_x;
    }

  pango_attr_list_unref (bold);

  self->cache_first_column = self->cache_last_column = G_MAXUINT;
  self->metrics_valid = TRUE;
}

/* Geometry */

static int
body_height (SondeDataGrid *self)
{
  return MAX (0, gtk_widget_get_height (GTK_WIDGET (self)) - self->header_height);
}

static int
body_width (SondeDataGrid *self)
{
  return MAX (0, gtk_widget_get_width (GTK_WIDGET (self)) - self->gutter_width);
}

static guint
rows_per_page (SondeDataGrid *self)
{
  ensure_metrics (self);
  return MAX (1, body_height (self) / MAX (1, self->row_height));
}

static double
adjustment_value (GtkAdjustment *adjustment)
{
  return adjustment != NULL ? gtk_adjustment_get_value (adjustment) : 0.0;
}

static void
scroll_to_cursor (SondeDataGrid *self)
{
  double top, bottom, left, right, value, page;

  if (!self->metrics_valid || self->n_columns == 0 || n_rows (self) == 0)
    return;

  if (self->vadjustment != NULL && body_height (self) > 0)
    {
      top = (double) self->cursor_row * self->row_height;
      bottom = top + self->row_height;
      value = gtk_adjustment_get_value (self->vadjustment);
      page = body_height (self);
      if (top < value)
        gtk_adjustment_set_value (self->vadjustment, top);
      else if (bottom > value + page)
        gtk_adjustment_set_value (self->vadjustment, bottom - page);
    }

  if (self->hadjustment != NULL && body_width (self) > 0)
    {
      left = self->column_x[self->cursor_column];
      right = self->column_x[self->cursor_column + 1];
      value = gtk_adjustment_get_value (self->hadjustment);
      page = body_width (self);
      if (left < value || right - left > page)
        gtk_adjustment_set_value (self->hadjustment, left);
      else if (right > value + page)
        gtk_adjustment_set_value (self->hadjustment, right - page);
    }
}

/* Maps a point of the widget to a column, or -1 (gutter, past the end). */
static int
column_at_x (SondeDataGrid *self,
             double         x)
{
  double cx;

  if (x < self->gutter_width)
    return -1;
  cx = x - self->gutter_width + adjustment_value (self->hadjustment);
  for (guint c = 0; c < self->n_columns; c++)
    if (cx >= self->column_x[c] && cx < self->column_x[c + 1])
      return (int) c;

  return -1;
}

/* Cursor */

static void
move_cursor_to (SondeDataGrid *self,
                guint          row,
                guint          column,
                gboolean       announce_if_unmoved)
{
  guint total = n_rows (self);

  if (total == 0 || self->n_columns == 0)
    return;

  row = MIN (row, total - 1);
  column = MIN (column, self->n_columns - 1);

  if (row == self->cursor_row && column == self->cursor_column)
    {
      /* At an edge the cursor cannot move: say the cell again so the user
       * hears that the key was taken and where they are. */
      if (announce_if_unmoved)
        {
          g_autofree char *text = sonde_data_grid_describe_cursor (self);

          sonde_data_grid_announce (self, text);
        }
      return;
    }

  self->cursor_row = row;
  self->cursor_column = column;

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    scroll_to_cursor (self);
  else
    self->scroll_to_cursor = TRUE;

  update_label (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[CURSOR_MOVED], 0);
}

static void
move_cursor (SondeDataGrid *self,
             MoveStep       step,
             int            count)
{
  gint64 row = self->cursor_row;
  gint64 column = self->cursor_column;
  guint total = n_rows (self);

  if (total == 0 || self->n_columns == 0)
    return;

  switch (step)
    {
    case MOVE_CELLS:
      column += count;
      break;
    case MOVE_ROWS:
      row += count;
      break;
    case MOVE_PAGES:
      row += (gint64) count * rows_per_page (self);
      break;
    case MOVE_ROW_ENDS:
      column = count < 0 ? 0 : self->n_columns - 1;
      break;
    case MOVE_TABLE_ENDS:
      row = count < 0 ? 0 : total - 1;
      column = count < 0 ? 0 : self->n_columns - 1;
      break;
    default:
      g_assert_not_reached ();
    }

  move_cursor_to (self,
                  (guint) CLAMP (row, 0, (gint64) total - 1),
                  (guint) CLAMP (column, 0, (gint64) self->n_columns - 1),
                  TRUE);
}

/* Accessibility */

static void
set_label (SondeDataGrid *self,
           const char    *label)
{
  g_free (self->label);
  self->label = g_strdup (label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
update_label (SondeDataGrid *self)
{
  g_autofree char *text = sonde_data_grid_describe_cursor (self);

  set_label (self, text);
}

static char *
describe_sort (SondeDataGrid *self)
{
  const char *name;

  if (self->table == NULL || self->sort_order == SONDE_SORT_NONE ||
      self->sort_column < 0 || (guint) self->sort_column >= sonde_table_get_n_columns (self->table))
    return g_strdup (_("not sorted"));

  name = sonde_column_get_name (sonde_table_get_column (self->table, self->sort_column));
  if (self->sort_order == SONDE_SORT_ASCENDING)
    /* Translators: the sort state of the grid, %s is a column name. */
    return g_strdup_printf (_("sorted by %s, ascending"), name);
  else
    /* Translators: the sort state of the grid, %s is a column name. */
    return g_strdup_printf (_("sorted by %s, descending"), name);
}

static void
update_description (SondeDataGrid *self)
{
  g_autofree char *rows = NULL;
  g_autofree char *rows_text = NULL;
  g_autofree char *columns_text = NULL;
  g_autofree char *sort = NULL;
  g_autofree char *text = NULL;
  guint total = n_rows (self);
  guint n_columns;

  if (self->table == NULL)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("No data"),
                                      -1);
      return;
    }

  n_columns = sonde_table_get_n_columns (self->table);
  rows = sonde_a11y_format_count (total);
  rows_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s row", "%s rows", total), rows);
  columns_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u column", "%u columns", n_columns),
                                  n_columns);
  sort = describe_sort (self);
  /* Translators: the accessible description of the data grid: dataset
   * name, "1,204 rows", "11 columns", "sorted by age, ascending". */
  text = g_strdup_printf (_("%s, %s, %s, %s. Arrows move between cells, Ctrl+I describes the column, Menu opens the column menu."),
                          sonde_table_get_name (self->table), rows_text, columns_text, sort);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

/* Actions */

static void
move_cursor_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  int step, count;

  g_variant_get (parameter, "(ii)", &step, &count);
  move_cursor (SONDE_DATA_GRID (widget), (MoveStep) step, count);
}

static void
describe_column_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SondeDataGrid *self = SONDE_DATA_GRID (widget);
  g_autofree char *text = NULL;

  if (self->table == NULL || sonde_table_get_n_columns (self->table) == 0)
    return;

  text = sonde_data_grid_describe_column (self, self->cursor_column);
  sonde_data_grid_announce (self, text);
}

static void
column_menu_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SondeDataGrid *self = SONDE_DATA_GRID (widget);

  if (self->table == NULL || sonde_table_get_n_columns (self->table) == 0)
    return;

  g_signal_emit (self, signals[COLUMN_MENU_REQUESTED], 0, self->cursor_column);
}

/* Input */

static void
click_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  SondeDataGrid   *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  int column;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  ensure_metrics (self);

  column = column_at_x (self, x);
  if (column < 0)
    return;

  if (y < self->header_height)
    {
      if (button == GDK_BUTTON_SECONDARY)
        g_signal_emit (self, signals[COLUMN_MENU_REQUESTED], 0, (guint) column);
      else if (button == GDK_BUTTON_PRIMARY)
        g_signal_emit (self, signals[ACTIVATE_HEADER], 0, (guint) column);
    }
  else
    {
      double row = floor ((y - self->header_height + adjustment_value (self->vadjustment)) /
                          self->row_height);

      if (row >= 0 && row < n_rows (self))
        move_cursor_to (self, (guint) row, (guint) column, FALSE);
    }

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* Scrollable */

static void
adjustment_value_changed_cb (GtkAdjustment *adjustment,
                             SondeDataGrid *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_adjustment (SondeDataGrid  *self,
                GtkAdjustment **slot,
                GtkAdjustment  *adjustment)
{
  if (adjustment == *slot && adjustment != NULL)
    return;

  if (*slot != NULL)
    {
      g_signal_handlers_disconnect_by_func (*slot, adjustment_value_changed_cb, self);
      g_clear_object (slot);
    }

  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);

  *slot = g_object_ref_sink (adjustment);
  g_signal_connect (adjustment, "value-changed",
                    G_CALLBACK (adjustment_value_changed_cb), self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
configure_adjustment (GtkAdjustment *adjustment,
                      double         upper,
                      double         page,
                      double         step)
{
  double value = gtk_adjustment_get_value (adjustment);

  value = CLAMP (value, 0, MAX (0, upper - page));
  gtk_adjustment_configure (adjustment, value, 0, MAX (upper, page),
                            step, MAX (step, page - step), page);
}

/* GtkWidget */

static void
sonde_data_grid_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  SondeDataGrid *self = SONDE_DATA_GRID (widget);

  ensure_metrics (self);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = self->gutter_width + self->pad_x * 2;
      *natural = MAX (*minimum, self->gutter_width + MIN (self->column_x[self->n_columns], 2000));
    }
  else
    {
      *minimum = self->header_height + self->row_height;
      /* With no rows, the natural height is still one (empty) row. */
      *natural = MAX (*minimum, self->header_height + self->row_height * (int) MIN (n_rows (self), 20));
    }
}

static void
sonde_data_grid_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  SondeDataGrid *self = SONDE_DATA_GRID (widget);

  ensure_metrics (self);

  if (self->hadjustment != NULL)
    configure_adjustment (self->hadjustment, self->column_x[self->n_columns],
                          MAX (0, width - self->gutter_width), self->pad_x * 4);
  if (self->vadjustment != NULL)
    configure_adjustment (self->vadjustment, (double) n_rows (self) * self->row_height,
                          MAX (0, height - self->header_height), self->row_height);

  if (self->scroll_to_cursor)
    {
      self->scroll_to_cursor = FALSE;
      scroll_to_cursor (self);
    }
}

static GskRenderNode *
build_row_cells (SondeDataGrid *self,
                 guint          position,
                 guint          first_column,
                 guint          last_column)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  guint row = sonde_selection_get_row (self->selection, position);

  for (guint c = first_column; c <= last_column; c++)
    {
      SondeColumn *column = sonde_table_get_column (self->table, c);
      g_autofree char *text = format_cell (self, column, row);
      int width = self->column_x[c + 1] - self->column_x[c] - 2 * self->pad_x;

      self->n_formatted++;
      pango_layout_set_text (self->layout, text != NULL ? text : "—", -1);
      pango_layout_set_width (self->layout, width * PANGO_SCALE);
      pango_layout_set_alignment (self->layout,
                                  self->numeric[c] || text == NULL ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (self->column_x[c] + self->pad_x, self->text_y));
      gtk_snapshot_append_layout (snapshot, self->layout, text != NULL ? &self->fg : &self->dim);
      gtk_snapshot_restore (snapshot);
    }

  return gtk_snapshot_free_to_node (snapshot);
}

static GskRenderNode *
build_row_gutter (SondeDataGrid *self,
                  guint          position)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autofree char *number = sonde_a11y_format_count ((guint64) position + 1);

  pango_layout_set_text (self->layout, number, -1);
  pango_layout_set_width (self->layout, (self->gutter_width - 2 * self->pad_x) * PANGO_SCALE);
  pango_layout_set_alignment (self->layout, PANGO_ALIGN_RIGHT);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (self->pad_x, self->text_y));
  gtk_snapshot_append_layout (snapshot, self->layout, &self->dim);

  return gtk_snapshot_free_to_node (snapshot);
}

static GskRenderNode *
build_header (SondeDataGrid *self,
              guint          first_column,
              guint          last_column)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  PangoAttrList *bold = pango_attr_list_new ();
  int text_y = (self->header_height - self->row_height) / 2 + self->text_y;

  pango_attr_list_insert (bold, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (self->layout, bold);

  for (guint c = first_column; c <= last_column; c++)
    {
      SondeColumn *column = sonde_table_get_column (self->table, c);
      const char *arrow = "";
      g_autofree char *text = NULL;
      int width = self->column_x[c + 1] - self->column_x[c] - 2 * self->pad_x;

      if ((int) c == self->sort_column && self->sort_order == SONDE_SORT_ASCENDING)
        arrow = " ▲";
      else if ((int) c == self->sort_column && self->sort_order == SONDE_SORT_DESCENDING)
        arrow = " ▼";
      text = g_strconcat (sonde_column_get_name (column), arrow, NULL);

      pango_layout_set_text (self->layout, text, -1);
      pango_layout_set_width (self->layout, width * PANGO_SCALE);
      pango_layout_set_alignment (self->layout, self->numeric[c] ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (self->column_x[c] + self->pad_x, text_y));
      gtk_snapshot_append_layout (snapshot, self->layout, &self->fg);
      gtk_snapshot_restore (snapshot);

      /* A column separator at the right edge of the header cell. */
      gtk_snapshot_append_color (snapshot, &self->line,
                                 &GRAPHENE_RECT_INIT (self->column_x[c + 1] - 1, 0, 1, self->header_height));
    }

  pango_layout_set_attributes (self->layout, NULL);
  pango_attr_list_unref (bold);

  return gtk_snapshot_free_to_node (snapshot);
}

static RowCache *
lookup_row (SondeDataGrid *self,
            guint          position)
{
  RowCache *entry = &self->cache[position % self->cache_len];

  if (entry->position != position)
    {
      g_clear_pointer (&entry->cells, gsk_render_node_unref);
      g_clear_pointer (&entry->gutter, gsk_render_node_unref);
      entry->position = position;
      entry->cells = build_row_cells (self, position, self->cache_first_column, self->cache_last_column);
      entry->gutter = build_row_gutter (self, position);
    }

  return entry;
}

static void
sonde_data_grid_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  SondeDataGrid *self = SONDE_DATA_GRID (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double vvalue = adjustment_value (self->vadjustment);
  double hvalue = adjustment_value (self->hadjustment);
  guint total = n_rows (self);
  guint first_row, n_visible, first_column = 0, last_column = 0;
  double first_y;
  gboolean focused = gtk_widget_has_focus (widget);

  ensure_metrics (self);

  if (self->have_bg)
    gtk_snapshot_append_color (snapshot, &self->bg, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (self->n_columns == 0)
    return;

  /* Visible columns, in content space. */
  while (first_column + 1 < self->n_columns && self->column_x[first_column + 1] <= hvalue)
    first_column++;
  last_column = first_column;
  while (last_column + 1 < self->n_columns && self->column_x[last_column + 1] < hvalue + body_width (self))
    last_column++;

  if (first_column != self->cache_first_column || last_column != self->cache_last_column)
    {
      clear_cache (self);
      self->cache_first_column = first_column;
      self->cache_last_column = last_column;
    }

  /* Row positions are computed relative to the first visible row so that
   * floats stay exact at row 10 000 000 (3·10^8 px does not fit a float's
   * mantissa). */
  first_row = (guint) MIN (floor (vvalue / self->row_height), (double) total);
  first_y = self->header_height - (vvalue - (double) first_row * self->row_height);
  n_visible = (guint) ceil ((double) body_height (self) / self->row_height) + 1;
  n_visible = MIN (n_visible, total - first_row);

  if (self->cache_len < n_visible + CACHE_EXTRA)
    resize_cache (self, n_visible + CACHE_EXTRA);

  /* Body */
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, self->header_height,
                                                         width, body_height (self)));
  /* Stripes, then every row's cells under one clip (a clip per row costs
   * the GL renderer a node each), then the gutter's numbers. */
  for (guint i = 0; i < n_visible; i++)
    if ((first_row + i) % 2 == 1)
      gtk_snapshot_append_color (snapshot, &self->stripe,
                                 &GRAPHENE_RECT_INIT (0, (float) (first_y + (double) i * self->row_height),
                                                      width, self->row_height));

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (self->gutter_width, self->header_height,
                                                         width - self->gutter_width, body_height (self)));
  for (guint i = 0; i < n_visible; i++)
    {
      RowCache *entry = lookup_row (self, first_row + i);

      if (entry->cells == NULL)
        continue;
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT ((float) (self->gutter_width - hvalue),
                                                    (float) (first_y + (double) i * self->row_height)));
      gtk_snapshot_append_node (snapshot, entry->cells);
      gtk_snapshot_restore (snapshot);
    }
  gtk_snapshot_pop (snapshot);

  for (guint i = 0; i < n_visible; i++)
    {
      RowCache *entry = lookup_row (self, first_row + i);

      if (entry->gutter == NULL)
        continue;
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (0, (float) (first_y + (double) i * self->row_height)));
      gtk_snapshot_append_node (snapshot, entry->gutter);
      gtk_snapshot_restore (snapshot);
    }

  /* The cell cursor, over the cells but under the header and gutter. */
  if (total > 0 && self->cursor_row >= first_row && self->cursor_row < first_row + n_visible)
    {
      float line_width = focused ? CURSOR_WIDTH_FOCUSED : CURSOR_WIDTH_UNFOCUSED;
      float x = (float) (self->gutter_width + self->column_x[self->cursor_column] - hvalue);
      float y = (float) (first_y + (double) (self->cursor_row - first_row) * self->row_height);
      float w = self->column_x[self->cursor_column + 1] - self->column_x[self->cursor_column];
      GskRoundedRect outline;
      GdkRGBA colors[4] = { self->accent, self->accent, self->accent, self->accent };
      float widths[4] = { line_width, line_width, line_width, line_width };

      gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (self->gutter_width, self->header_height,
                                                             width - self->gutter_width, body_height (self)));
      if (focused)
        gtk_snapshot_append_color (snapshot, &self->accent_fill, &GRAPHENE_RECT_INIT (x, y, w, self->row_height));
      gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (x, y, w, self->row_height), 0);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
      gtk_snapshot_pop (snapshot);
    }

  gtk_snapshot_pop (snapshot);

  /* Gutter separator */
  gtk_snapshot_append_color (snapshot, &self->line,
                             &GRAPHENE_RECT_INIT (self->gutter_width - 1, 0, 1, height));

  /* Header, sticky: drawn last so it covers rows scrolled under it. */
  if (self->have_bg)
    gtk_snapshot_append_color (snapshot, &self->bg, &GRAPHENE_RECT_INIT (0, 0, width, self->header_height));
  gtk_snapshot_append_color (snapshot, &self->header_bg, &GRAPHENE_RECT_INIT (0, 0, width, self->header_height));
  if (self->header_node == NULL)
    self->header_node = build_header (self, first_column, last_column);
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (self->gutter_width, 0,
                                                         width - self->gutter_width, self->header_height));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) (self->gutter_width - hvalue), 0));
  if (self->header_node != NULL)
    gtk_snapshot_append_node (snapshot, self->header_node);
  gtk_snapshot_restore (snapshot);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_color (snapshot, &self->line,
                             &GRAPHENE_RECT_INIT (0, self->header_height - 1, width, 1));
}

static void
sonde_data_grid_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  SondeDataGrid *self = SONDE_DATA_GRID (widget);
  g_autofree char *font_key = NULL;

  GTK_WIDGET_CLASS (sonde_data_grid_parent_class)->css_changed (widget, change);

  /* Focus changes restyle the widget too: rebuild only when the font or
   * the colours really changed, since every cached row goes with them. */
  font_key = compute_font_key (self);
  if (g_strcmp0 (font_key, self->font_key) != 0)
    {
      g_free (self->font_key);
      self->font_key = g_steal_pointer (&font_key);
      update_colors (self);
      invalidate_metrics (self);
    }
  else if (update_colors (self))
    {
      clear_cache (self);
      gtk_widget_queue_draw (widget);
    }
}

static void
sonde_data_grid_system_setting_changed (GtkWidget        *widget,
                                        GtkSystemSetting  setting)
{
  SondeDataGrid *self = SONDE_DATA_GRID (widget);

  GTK_WIDGET_CLASS (sonde_data_grid_parent_class)->system_setting_changed (widget, setting);

  /* gtk-xft-dpi and the font settings reach the Pango context here. */
  g_clear_pointer (&self->font_key, g_free);
  self->font_key = compute_font_key (self);
  invalidate_metrics (self);
}

static void
sonde_data_grid_state_flags_changed (GtkWidget     *widget,
                                     GtkStateFlags  previous)
{
  GTK_WIDGET_CLASS (sonde_data_grid_parent_class)->state_flags_changed (widget, previous);

  /* The cursor is drawn thicker and filled while the grid has focus. */
  if ((previous ^ gtk_widget_get_state_flags (widget)) & GTK_STATE_FLAG_FOCUSED)
    gtk_widget_queue_draw (widget);
}

/* GObject */

static void
sonde_data_grid_dispose (GObject *object)
{
  SondeDataGrid *self = (SondeDataGrid *)object;

  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, adjustment_value_changed_cb, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, adjustment_value_changed_cb, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  g_clear_object (&self->selection);
  g_clear_object (&self->table);
  clear_cache (self);
  g_clear_object (&self->layout);

  G_OBJECT_CLASS (sonde_data_grid_parent_class)->dispose (object);
}

static void
sonde_data_grid_finalize (GObject *object)
{
  SondeDataGrid *self = (SondeDataGrid *)object;

  g_free (self->cache);
  g_free (self->column_x);
  g_free (self->numeric);
  g_free (self->font_key);
  g_free (self->label);

  G_OBJECT_CLASS (sonde_data_grid_parent_class)->finalize (object);
}

static void
sonde_data_grid_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SondeDataGrid *self = SONDE_DATA_GRID (object);

  switch (prop_id)
    {
    case PROP_SELECTION:
      g_value_set_object (value, self->selection);
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sonde_data_grid_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SondeDataGrid *self = SONDE_DATA_GRID (object);

  switch (prop_id)
    {
    case PROP_SELECTION:
      sonde_data_grid_set_selection (self, g_value_get_object (value));
      break;
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      if (self->hscroll_policy != (guint) g_value_get_enum (value))
        {
          self->hscroll_policy = g_value_get_enum (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_VSCROLL_POLICY:
      if (self->vscroll_policy != (guint) g_value_get_enum (value))
        {
          self->vscroll_policy = g_value_get_enum (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
sonde_data_grid_get_border (GtkScrollable *scrollable,
                            GtkBorder     *border)
{
  SondeDataGrid *self = SONDE_DATA_GRID (scrollable);

  /* The sticky header and gutter are not scrolled: GtkScrolledWindow
   * keeps its scrollbars and undershoot out of them. */
  ensure_metrics (self);
  border->top = self->header_height;
  border->left = self->gutter_width;

  return TRUE;
}

static void
sonde_data_grid_scrollable_init (GtkScrollableInterface *iface)
{
  iface->get_border = sonde_data_grid_get_border;
}

static void
add_move_binding (GtkWidgetClass  *widget_class,
                  guint            keyval,
                  guint            keypad_keyval,
                  GdkModifierType  modifiers,
                  MoveStep         step,
                  int              count)
{
  gtk_widget_class_add_binding_action (widget_class, keyval, modifiers,
                                       "grid.move-cursor", "(ii)", (int) step, count);
  if (keypad_keyval != 0)
    gtk_widget_class_add_binding_action (widget_class, keypad_keyval, modifiers,
                                         "grid.move-cursor", "(ii)", (int) step, count);
}

static void
sonde_data_grid_class_init (SondeDataGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sonde_data_grid_dispose;
  object_class->finalize = sonde_data_grid_finalize;
  object_class->get_property = sonde_data_grid_get_property;
  object_class->set_property = sonde_data_grid_set_property;

  widget_class->measure = sonde_data_grid_measure;
  widget_class->size_allocate = sonde_data_grid_size_allocate;
  widget_class->snapshot = sonde_data_grid_snapshot;
  widget_class->css_changed = sonde_data_grid_css_changed;
  widget_class->system_setting_changed = sonde_data_grid_system_setting_changed;
  widget_class->state_flags_changed = sonde_data_grid_state_flags_changed;

  /**
   * SondeDataGrid:selection:
   *
   * The rows shown, in their order; %NULL shows nothing.
   */
  properties[PROP_SELECTION] =
    g_param_spec_object ("selection", NULL, NULL,
                         SONDE_TYPE_SELECTION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  /**
   * SondeDataGrid::cursor-moved:
   *
   * The cell cursor moved, by key, click or sonde_data_grid_set_cursor().
   */
  signals[CURSOR_MOVED] =
    g_signal_new ("cursor-moved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * SondeDataGrid::column-menu-requested:
   * @column: the column index in the table
   *
   * The user asked for a column's menu: Menu key, Shift+F10 (for the
   * cursor's column) or a secondary click on a header.
   */
  signals[COLUMN_MENU_REQUESTED] =
    g_signal_new ("column-menu-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * SondeDataGrid::activate-header:
   * @column: the column index in the table
   *
   * A header was clicked with the primary button (the pane cycles the
   * sort of that column).
   */
  signals[ACTIVATE_HEADER] =
    g_signal_new ("activate-header",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_install_action (widget_class, "grid.move-cursor", "(ii)", move_cursor_action);
  gtk_widget_class_install_action (widget_class, "grid.describe-column", NULL, describe_column_action);
  gtk_widget_class_install_action (widget_class, "grid.column-menu", NULL, column_menu_action);

  add_move_binding (widget_class, GDK_KEY_Left, GDK_KEY_KP_Left, 0, MOVE_CELLS, -1);
  add_move_binding (widget_class, GDK_KEY_Right, GDK_KEY_KP_Right, 0, MOVE_CELLS, 1);
  add_move_binding (widget_class, GDK_KEY_Up, GDK_KEY_KP_Up, 0, MOVE_ROWS, -1);
  add_move_binding (widget_class, GDK_KEY_Down, GDK_KEY_KP_Down, 0, MOVE_ROWS, 1);
  add_move_binding (widget_class, GDK_KEY_Page_Up, GDK_KEY_KP_Page_Up, 0, MOVE_PAGES, -1);
  add_move_binding (widget_class, GDK_KEY_Page_Down, GDK_KEY_KP_Page_Down, 0, MOVE_PAGES, 1);
  add_move_binding (widget_class, GDK_KEY_Home, GDK_KEY_KP_Home, 0, MOVE_ROW_ENDS, -1);
  add_move_binding (widget_class, GDK_KEY_End, GDK_KEY_KP_End, 0, MOVE_ROW_ENDS, 1);
  add_move_binding (widget_class, GDK_KEY_Home, GDK_KEY_KP_Home, GDK_CONTROL_MASK, MOVE_TABLE_ENDS, -1);
  add_move_binding (widget_class, GDK_KEY_End, GDK_KEY_KP_End, GDK_CONTROL_MASK, MOVE_TABLE_ENDS, 1);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK,
                                       "grid.describe-column", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "grid.column-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "grid.column-menu", NULL);

  gtk_widget_class_set_css_name (widget_class, "sondedatagrid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

static void
sonde_data_grid_init (SondeDataGrid *self)
{
  GtkGesture *click;

  self->sort_column = -1;
  self->row_header_column = -1;
  self->sort_order = SONDE_SORT_NONE;
  self->cache_first_column = self->cache_last_column = G_MAXUINT;
  g_strlcpy (self->decimal_point, localeconv ()->decimal_point, sizeof self->decimal_point);
  if (self->decimal_point[0] == '\0')
    g_strlcpy (self->decimal_point, ".", sizeof self->decimal_point);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_can_focus (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  set_label (self, _("No data"));
  update_description (self);
}

/* Public API */

/**
 * sonde_data_grid_new:
 *
 * Creates an empty grid. Accessible role: %GTK_ACCESSIBLE_ROLE_GRID,
 * named after the cell under the cursor (see the file's comment).
 *
 * Returns: (transfer full): a new #SondeDataGrid.
 */
GtkWidget *
sonde_data_grid_new (void)
{
  return g_object_new (SONDE_TYPE_DATA_GRID, NULL);
}

/**
 * sonde_data_grid_get_selection:
 *
 * Returns: (transfer none) (nullable): the selection shown.
 */
SondeSelection *
sonde_data_grid_get_selection (SondeDataGrid *self)
{
  g_return_val_if_fail (SONDE_IS_DATA_GRID (self), NULL);

  return self->selection;
}

/**
 * sonde_data_grid_set_selection:
 * @self: a #SondeDataGrid
 * @selection: (nullable): the rows to show
 *
 * Shows @selection. Setting the selection already shown is how a caller
 * says that its rows changed in place (after sonde_selection_sort()): the
 * grid drops what it cached. The cursor keeps its cell when it still
 * exists; the widths are measured again.
 */
void
sonde_data_grid_set_selection (SondeDataGrid  *self,
                               SondeSelection *selection)
{
  g_return_if_fail (SONDE_IS_DATA_GRID (self));
  g_return_if_fail (selection == NULL || SONDE_IS_SELECTION (selection));

  if (selection != self->selection)
    {
      g_set_object (&self->selection, selection);
      g_clear_object (&self->table);
      if (selection != NULL)
        self->table = g_object_ref (sonde_selection_get_table (selection));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTION]);
    }

  self->n_columns = self->table != NULL ? sonde_table_get_n_columns (self->table) : 0;
  self->cursor_row = MIN (self->cursor_row, MAX (n_rows (self), 1) - 1);
  self->cursor_column = MIN (self->cursor_column, MAX (self->n_columns, 1) - 1);
  if (self->sort_column >= (int) self->n_columns)
    {
      self->sort_column = -1;
      self->sort_order = SONDE_SORT_NONE;
    }

  invalidate_metrics (self);
  update_label (self);
  update_description (self);
}

/**
 * sonde_data_grid_get_table:
 *
 * Returns: (transfer none) (nullable): the table of the selection shown.
 */
SondeTable *
sonde_data_grid_get_table (SondeDataGrid *self)
{
  g_return_val_if_fail (SONDE_IS_DATA_GRID (self), NULL);

  return self->table;
}

/**
 * sonde_data_grid_get_cursor_row:
 *
 * Returns: the display position (0-based) of the cursor's row.
 */
guint
sonde_data_grid_get_cursor_row (SondeDataGrid *self)
{
  g_return_val_if_fail (SONDE_IS_DATA_GRID (self), 0);

  return self->cursor_row;
}

/**
 * sonde_data_grid_get_cursor_column:
 *
 * Returns: the table index of the cursor's column.
 */
guint
sonde_data_grid_get_cursor_column (SondeDataGrid *self)
{
  g_return_val_if_fail (SONDE_IS_DATA_GRID (self), 0);

  return self->cursor_column;
}

/**
 * sonde_data_grid_set_cursor:
 * @self: a #SondeDataGrid
 * @row: a display position, clamped to the rows shown
 * @column: a column index, clamped to the table's columns
 *
 * Moves the cursor, scrolls it into view, updates the accessible label
 * (which Orca speaks when the grid has focus) and emits
 * #SondeDataGrid::cursor-moved if the cell changed.
 */
void
sonde_data_grid_set_cursor (SondeDataGrid *self,
                            guint          row,
                            guint          column)
{
  g_return_if_fail (SONDE_IS_DATA_GRID (self));

  move_cursor_to (self, row, column, FALSE);
}

/**
 * sonde_data_grid_set_sort:
 * @self: a #SondeDataGrid
 * @column: the sorted column, or -1
 * @order: its direction
 *
 * Says how the selection is sorted: the header shows an arrow and the
 * accessible description says it. The grid does not sort; the caller
 * sorts the selection and calls sonde_data_grid_set_selection() with it
 * if it sorted in place. The label is left alone, so Orca speaks the
 * new description once.
 */
void
sonde_data_grid_set_sort (SondeDataGrid  *self,
                          int             column,
                          SondeSortOrder  order)
{
  g_return_if_fail (SONDE_IS_DATA_GRID (self));
  g_return_if_fail (column >= -1);

  if (column < 0 || order == SONDE_SORT_NONE)
    {
      column = -1;
      order = SONDE_SORT_NONE;
    }

  self->sort_column = column;
  self->sort_order = order;
  /* The rows have usually moved with the sort. */
  clear_cache (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_description (self);
}

int
sonde_data_grid_get_sort_column (SondeDataGrid *self)
{
  g_return_val_if_fail (SONDE_IS_DATA_GRID (self), -1);

  return self->sort_column;
}

SondeSortOrder
sonde_data_grid_get_sort_order (SondeDataGrid *self)
{
  g_return_val_if_fail (SONDE_IS_DATA_GRID (self), SONDE_SORT_NONE);

  return self->sort_order;
}

/**
 * sonde_data_grid_describe_cursor:
 *
 * Says the cell under the cursor as a screen reader should: "age, 38,
 * row 12 of 50,000" (translated, numbers grouped as the locale does),
 * "missing" for a missing value.
 *
 * Returns: (transfer full): the description.
 */
char *
sonde_data_grid_describe_cursor (SondeDataGrid *self)
{
  SondeColumn *column;
  g_autofree char *value = NULL;
  g_autofree char *position = NULL;
  g_autofree char *total = NULL;
  guint row;

  g_return_val_if_fail (SONDE_IS_DATA_GRID (self), NULL);

  if (self->table == NULL || sonde_table_get_n_columns (self->table) == 0)
    return g_strdup (_("No data"));
  if (n_rows (self) == 0)
    return g_strdup (_("No rows"));

  column = sonde_table_get_column (self->table, self->cursor_column);
  row = sonde_selection_get_row (self->selection, self->cursor_row);
  value = format_cell (self, column, row);
  position = sonde_a11y_format_count ((guint64) self->cursor_row + 1);
  total = sonde_a11y_format_count (n_rows (self));

  /* In a small result table the first column names the row ("group A"):
   * it is said before the column, as a spreadsheet's row header. */
  if (self->row_header_column >= 0 && (guint) self->row_header_column != self->cursor_column
      && (guint) self->row_header_column < sonde_table_get_n_columns (self->table))
    {
      SondeColumn *header = sonde_table_get_column (self->table, self->row_header_column);
      g_autofree char *name = format_cell (self, header, row);

      /* Translators: a cell of a result table: row name, column name,
       * value, "row 2 of 3". */
      return g_strdup_printf (_("%s, %s, %s, row %s of %s"),
                              name != NULL ? name : _("missing"),
                              sonde_column_get_name (column),
                              value != NULL ? value : _("missing"),
                              position, total);
    }

  /* Translators: what a screen reader says for a cell of the data grid:
   * column name, value, "row 12 of 50,000". */
  return g_strdup_printf (_("%s, %s, row %s of %s"),
                          sonde_column_get_name (column),
                          value != NULL ? value : _("missing"),
                          position, total);
}

static char *
describe_missing (guint n_missing)
{
  g_autofree char *count = NULL;

  if (n_missing == 0)
    return g_strdup (_("no missing values"));

  count = sonde_a11y_format_count (n_missing);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s missing value", "%s missing values",
                                       n_missing), count);
}

/* The mean of a numeric column or the most frequent label of a
 * categorical or yes/no one, over the rows shown; %NULL for other types. */
static char *
describe_values (SondeDataGrid *self,
                 SondeColumn   *column)
{
  SondeColumnType type = sonde_column_get_column_type (column);
  guint n;
  const guint32 *rows = sonde_selection_get_rows (self->selection, &n);

  if (type == SONDE_COLUMN_TYPE_INTEGER || type == SONDE_COLUMN_TYPE_REAL)
    {
      double sum = 0;
      guint count = 0;
      g_autofree char *mean = NULL;

      for (guint i = 0; i < n; i++)
        if (!sonde_column_is_missing (column, rows[i]))
          {
            sum += sonde_column_get_number (column, rows[i]);
            count++;
          }
      if (count == 0)
        return NULL;
      mean = format_number (sum / count);
      /* Translators: part of a column summary, "mean 38.5". */
      return g_strdup_printf (_("mean %s"), mean);
    }

  if (type == SONDE_COLUMN_TYPE_CATEGORICAL || type == SONDE_COLUMN_TYPE_BOOLEAN)
    {
      guint n_labels = type == SONDE_COLUMN_TYPE_BOOLEAN ? 2 : sonde_column_get_n_categories (column);
      g_autofree guint *counts = g_new0 (guint, MAX (n_labels, 1));
      guint best = 0;
      g_autofree char *count = NULL;
      const char *label;

      if (n_labels == 0)
        return NULL;

      for (guint i = 0; i < n; i++)
        if (!sonde_column_is_missing (column, rows[i]))
          {
            guint32 code = type == SONDE_COLUMN_TYPE_BOOLEAN ?
                           (guint32) sonde_column_get_boolean (column, rows[i]) :
                           sonde_column_get_code (column, rows[i]);

            if (code < n_labels)
              counts[code]++;
          }
      for (guint k = 1; k < n_labels; k++)
        if (counts[k] > counts[best])
          best = k;
      if (counts[best] == 0)
        return NULL;

      if (type == SONDE_COLUMN_TYPE_BOOLEAN)
        label = best ? _("yes") : _("no");
      else
        label = sonde_column_get_category_label (column, best);
      count = sonde_a11y_format_count (counts[best]);
      /* Translators: part of a column summary: "most frequent Lyon, 12 times". */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "most frequent %s, %s time",
                                           "most frequent %s, %s times", counts[best]),
                              label, count);
    }

  return NULL;
}

/**
 * sonde_data_grid_describe_column:
 * @self: a #SondeDataGrid
 * @column: a column index
 *
 * Summarises a column in one sentence: "age, integer, 1 missing value,
 * mean 38, sorted ascending." The mean or most frequent value covers the
 * rows shown, so it reads every one of them: call it on demand (Ctrl+I),
 * not on every cursor move.
 *
 * Returns: (transfer full): the summary, translated.
 */
char *
sonde_data_grid_describe_column (SondeDataGrid *self,
                                 guint          column)
{
  SondeColumn *col;
  g_autoptr(GPtrArray) parts = NULL;
  g_autofree char *sentence = NULL;

  g_return_val_if_fail (SONDE_IS_DATA_GRID (self), NULL);

  if (self->table == NULL || column >= sonde_table_get_n_columns (self->table))
    return g_strdup (_("No data"));

  col = sonde_table_get_column (self->table, column);
  parts = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (parts, g_strdup (sonde_column_get_name (col)));
  g_ptr_array_add (parts, g_strdup (sonde_column_type_get_label (sonde_column_get_column_type (col))));
  g_ptr_array_add (parts, describe_missing (sonde_column_get_n_missing (col)));
  if (n_rows (self) > 0)
    {
      char *values = describe_values (self, col);

      if (values != NULL)
        g_ptr_array_add (parts, values);
    }
  if ((int) column == self->sort_column && self->sort_order == SONDE_SORT_ASCENDING)
    g_ptr_array_add (parts, g_strdup (_("sorted ascending")));
  else if ((int) column == self->sort_column && self->sort_order == SONDE_SORT_DESCENDING)
    g_ptr_array_add (parts, g_strdup (_("sorted descending")));
  else
    g_ptr_array_add (parts, g_strdup (_("not sorted")));
  g_ptr_array_add (parts, NULL);

  sentence = g_strjoinv (", ", (char **) parts->pdata);
  return g_strconcat (sentence, ".", NULL);
}

/**
 * sonde_data_grid_announce:
 * @self: a #SondeDataGrid
 * @text: what to say, already translated
 *
 * Makes a screen reader say @text while the grid has focus, by setting
 * it as the accessible label (the one thing Orca 43 reliably speaks on
 * GTK 4.8). When @text equals the current label a space is appended, so
 * that the label still changes and Orca still speaks. On GTK 4.14 and
 * later the text is also announced directly.
 */
void
sonde_data_grid_announce (SondeDataGrid *self,
                          const char    *text)
{
  g_return_if_fail (SONDE_IS_DATA_GRID (self));
  g_return_if_fail (text != NULL);

  if (g_strcmp0 (text, self->label) == 0)
    {
      g_autofree char *changed = g_strconcat (text, " ", NULL);

      set_label (self, changed);
    }
  else
    set_label (self, text);

#if GTK_CHECK_VERSION (4, 14, 0)
  gtk_accessible_announce (GTK_ACCESSIBLE (self), text, GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
#endif
}

/**
 * sonde_data_grid_get_cell_area:
 * @self: a #SondeDataGrid
 * @row: a display position
 * @column: a column index
 * @area: (out): the cell's rectangle in widget coordinates
 *
 * Gets where a cell is drawn now (for a popover pointing at it). The
 * rectangle may lie outside the widget when the cell is scrolled away.
 *
 * Returns: %FALSE if the cell does not exist.
 */
gboolean
sonde_data_grid_get_cell_area (SondeDataGrid   *self,
                               guint            row,
                               guint            column,
                               graphene_rect_t *area)
{
  g_return_val_if_fail (SONDE_IS_DATA_GRID (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  ensure_metrics (self);
  if (row >= n_rows (self) || column >= self->n_columns)
    return FALSE;

  graphene_rect_init (area,
                      (float) (self->gutter_width + self->column_x[column] - adjustment_value (self->hadjustment)),
                      (float) (self->header_height + (double) row * self->row_height -
                               adjustment_value (self->vadjustment)),
                      self->column_x[column + 1] - self->column_x[column],
                      self->row_height);
  return TRUE;
}

/**
 * sonde_data_grid_get_n_formatted_cells:
 * @self: a #SondeDataGrid
 *
 * For tests and benchmarks: how many cells the grid has formatted and
 * shaped since it was created. It grows with the rows that come into
 * view, never with the size of the table.
 *
 * Returns: the count.
 */
guint
sonde_data_grid_get_n_formatted_cells (SondeDataGrid *self)
{
  g_return_val_if_fail (SONDE_IS_DATA_GRID (self), 0);

  return self->n_formatted;
}

/**
 * sonde_data_grid_set_row_header_column:
 * @self: a #SondeDataGrid
 * @column: the column whose value names each row, or -1
 *
 * For small tables of results, where the first column says what a row is
 * ("group A", "age"): each cell is then spoken with it, "group A, Mean,
 * 12.5, row 1 of 3".
 */
void
sonde_data_grid_set_row_header_column (SondeDataGrid *self,
                                       int            column)
{
  g_return_if_fail (SONDE_IS_DATA_GRID (self));

  self->row_header_column = column;
  update_label (self);
}
