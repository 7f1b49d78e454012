/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sonde"

/* The dialog that renames a dataset or a column: a labelled entry,
 * Cancel and Rename. A name that cannot be used opens the dialog again
 * with the reason as its body and the text typed kept: a dialog that
 * opens is read by Orca 43 with its heading and body, where a label
 * changed inside an open one is not (BRIEF.md).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sonde-a11y.h"
#include "sonde-rename-dialog.h"

typedef struct
{
  GtkWidget       *parent;
  char            *heading;
  SondeRenameFunc  func;
  gpointer         user_data;
  GDestroyNotify   destroy;
} Rename;

static void
rename_free (Rename *rename)
{
  if (rename->destroy != NULL)
    rename->destroy (rename->user_data);
  g_clear_object (&rename->parent);
  g_free (rename->heading);
  g_free (rename);
}

static void present (Rename     *rename,
                     const char *body,
                     const char *name);

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             Rename           *rename)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "sonde-entry");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autofree char *reason = NULL;

  if (g_str_equal (response, "rename") && (reason = rename->func (name, rename->user_data)) != NULL)
    {
      /* The closure moves to the new dialog. */
      g_object_steal_data (G_OBJECT (dialog), "sonde-rename");
      present (rename, reason, name);
    }
}

static void
present (Rename     *rename,
         const char *body,
         const char *name)
{
  GtkWidget *dialog;
  GtkWidget *entry;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (rename->parent)), rename->heading, body);
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), name);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  sonde_a11y_set_label (entry, _("New name"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "rename", _("_Rename"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "sonde-entry", entry);
  g_object_set_data_full (G_OBJECT (dialog), "sonde-rename", rename, (GDestroyNotify) rename_free);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), rename);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/**
 * sonde_rename_dialog_present:
 * @parent: a widget of the window the dialog belongs to
 * @heading: the dialog's heading ("Rename “age”")
 * @body: what the name is for
 * @name: the current name, put in the entry
 * @func: applies a name, or says why it cannot be used
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when the dialog is done
 *
 * Asks for a new name until @func accepts one or the user cancels.
 */
void
sonde_rename_dialog_present (GtkWidget       *parent,
                             const char      *heading,
                             const char      *body,
                             const char      *name,
                             SondeRenameFunc  func,
                             gpointer         user_data,
                             GDestroyNotify   destroy)
{
  Rename *rename;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (func != NULL);

  rename = g_new0 (Rename, 1);
  rename->parent = g_object_ref (parent);
  rename->heading = g_strdup (heading);
  rename->func = func;
  rename->user_data = user_data;
  rename->destroy = destroy;
  present (rename, body, name);
}
