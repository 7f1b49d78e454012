/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sonde-profile.h"

G_BEGIN_DECLS

char *sonde_profile_to_html (SondeProfile *self,
                             const char   *language);

G_END_DECLS
