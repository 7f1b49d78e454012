/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/**
 * SondeRenameFunc:
 * @name: the name typed, without surrounding spaces
 * @user_data: the data given to sonde_rename_dialog_present()
 *
 * Applies a new name.
 *
 * Returns: (transfer full) (nullable): %NULL when the name was applied, or
 *   why it cannot be, which the dialog then shows.
 */
typedef char *(*SondeRenameFunc) (const char *name,
                                  gpointer    user_data);

void sonde_rename_dialog_present (GtkWidget       *parent,
                                  const char      *heading,
                                  const char      *body,
                                  const char      *name,
                                  SondeRenameFunc  func,
                                  gpointer         user_data,
                                  GDestroyNotify   destroy);

G_END_DECLS
