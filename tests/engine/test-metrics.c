/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-metrics"

/* Tests of the model metrics against scikit-learn 1.2.1 (Debian's
 * python3-sklearn). Every reference value was printed by Python with
 * repr() and the expression that gave it sits next to it; each expression
 * runs after this preamble, which types in the same fixtures as below:
 *
 *   import numpy as np; from sklearn import metrics as M
 *   BT = [0,1,1,0,1,0,0,1,1,1,0,0,1,0,1,1,0,0,1,0]
 *   BP = [0,1,0,0,1,1,0,1,1,0,0,1,1,0,1,1,0,0,0,0]
 *   BS = [0.1,0.8,0.35,0.2,0.9,0.6,0.35,0.7,0.8,0.3,0.05,0.55,0.65,0.35,0.95,0.8,0.4,0.2,0.45,0.1]
 *   MT = [0,1,2,0,1,2,0,1,2,0,0,1,1,2,2,0,1,2,0,1,2,2,1,0]
 *   MP = [0,1,2,1,1,0,0,2,2,0,3,1,0,2,1,0,1,3,0,1,2,2,1,3]
 *   G = 60
 *   GT = [(i*i*7 + 3) % 11 % 2 for i in range(G)]
 *   GS = [((i*37) % 101)/101.0 for i in range(G)]
 *   GMT = [(i*13) % 3 for i in range(G)]
 *   GMP = [(i*13) % 3 if (i*7) % 5 < 3 else (i*i) % 3 for i in range(G)]
 *   LT3 = [0,1,2,1,2,0,0,2,1,1]
 *   LP3 = [[0.7,0.2,0.1],[0.1,0.8,0.1],[0.2,0.2,0.6],[0.0,1.0,0.0],[0.5,0.5,0.0],
 *          [0.3,0.3,0.4],[1.0,0.0,0.0],[0.25,0.25,0.5],[0.6,0.1,0.3],[0.05,0.9,0.05]]
 *   def lp4(i):
 *       w = [1.0 + ((i*(c+3)*17) % 23) for c in range(4)]
 *       s = w[0]+w[1]+w[2]+w[3]
 *       return [v/s for v in w]
 *   GLP = [lp4(i) for i in range(G)]
 *   GLT = [(i*5) % 4 for i in range(G)]
 *   RT = [3.0,-0.5,2.0,7.0,4.2,1.5,-2.0,0.8,5.5,10.0,6.1,-1.2,2.2,3.3,0.4]
 *   RP = [2.5,0.0,2.0,8.0,4.0,1.0,-1.5,1.1,5.0,9.2,6.5,-1.0,2.0,3.9,0.5]
 *   GRT = [((i*29) % 47)/4.0 - 3 for i in range(G)]
 *   GRP = [GRT[i] + (((i*11) % 13) - 6)/10.0 for i in range(G)]
 *   SX = [[0,0],[0.5,0.2],[0.3,0.8],[1,0.4],[5,5],[5.5,4.8],[4.6,5.3],[5.2,6],
 *         [0,6],[0.4,5.5],[1,6.2],[9,1]]
 *   SL = [0,0,0,0,1,1,1,1,2,2,2,3]
 *   GX = [[((i*(j+2)*31) % 97)/10.0 for j in range(3)] for i in range(40)]
 *   GL = [i % 4 for i in range(40)]
 *
 * (warnings.simplefilter ("ignore") silences scikit-learn's
 * zero_division warnings.) FPR, FNR and specificity have no function of
 * their own in scikit-learn; they come from multilabel_confusion_matrix(),
 * with 0 where the denominator is 0 as scikit-learn's zero_division does.
 * Figures must agree to 1e-9, relative above 1.
 */

#include "config.h"

#include <math.h>

#include "sonde-engine.h"

#define TOL 1e-9

static void
assert_close (const char *what,
              double      actual,
              double      expected)
{
  double tol = TOL * MAX (fabs (expected), 1.0);

  if (!(fabs (actual - expected) <= tol))
    g_test_message ("%s: got %.17g, expected %.17g", what, actual, expected);
  g_assert_cmpfloat_with_epsilon (actual, expected, tol);
}

static const guint32 BT[] = { 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 0 };
static const guint32 BP[] = { 0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0, 0, 0, 0 };
static const double BS[] = { 0.1, 0.8, 0.35, 0.2, 0.9, 0.6, 0.35, 0.7, 0.8, 0.3,
                             0.05, 0.55, 0.65, 0.35, 0.95, 0.8, 0.4, 0.2, 0.45, 0.1 };
/* Class 3 occurs only in the predictions and class 4 nowhere, with
 * n_classes = 5: averages must leave 4 out and balanced accuracy 3 too. */
static const guint32 MT[] = { 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 0, 1, 1, 2, 2, 0, 1, 2, 0, 1, 2, 2, 1, 0 };
static const guint32 MP[] = { 0, 1, 2, 1, 1, 0, 0, 2, 2, 0, 3, 1, 0, 2, 1, 0, 1, 3, 0, 1, 2, 2, 1, 3 };
static const guint32 LT3[] = { 0, 1, 2, 1, 2, 0, 0, 2, 1, 1 };
static const double LP3[] = { 0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.2, 0.2, 0.6, 0.0, 1.0, 0.0,
                              0.5, 0.5, 0.0, 0.3, 0.3, 0.4, 1.0, 0.0, 0.0, 0.25, 0.25, 0.5,
                              0.6, 0.1, 0.3, 0.05, 0.9, 0.05 };
static const double RT[] = { 3.0, -0.5, 2.0, 7.0, 4.2, 1.5, -2.0, 0.8, 5.5, 10.0, 6.1, -1.2, 2.2, 3.3, 0.4 };
static const double RP[] = { 2.5, 0.0, 2.0, 8.0, 4.0, 1.0, -1.5, 1.1, 5.0, 9.2, 6.5, -1.0, 2.0, 3.9, 0.5 };
static const double SX[] = { 0, 0, 0.5, 0.2, 0.3, 0.8, 1, 0.4, 5, 5, 5.5, 4.8, 4.6, 5.3, 5.2, 6,
                             0, 6, 0.4, 5.5, 1, 6.2, 9, 1 };
static const guint32 SL[] = { 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3 };

/* The generated fixtures, by the formulas of the preamble. */
#define G 60
static guint32 GT[G], GMT[G], GMP[G], GLT[G];
static double GS[G], GP2[G * 2], GLP[G * 4], GRT[G], GRP[G];
static double GX[40 * 3];
static guint32 GL[40];

static void
make_fixtures (void)
{
  for (guint i = 0; i < G; i++)
    {
      double w[4], s;

      GT[i] = (i * i * 7 + 3) % 11 % 2;
      GS[i] = ((i * 37) % 101) / 101.0;
      GP2[2 * i] = 1 - GS[i];
      GP2[2 * i + 1] = GS[i];
      GMT[i] = (i * 13) % 3;
      GMP[i] = (i * 7) % 5 < 3 ? (i * 13) % 3 : (i * i) % 3;
      for (guint c = 0; c < 4; c++)
        w[c] = 1.0 + ((i * (c + 3) * 17) % 23);
      s = w[0] + w[1] + w[2] + w[3];
      for (guint c = 0; c < 4; c++)
        GLP[4 * i + c] = w[c] / s;
      GLT[i] = (i * 5) % 4;
      GRT[i] = ((i * 29) % 47) / 4.0 - 3;
      GRP[i] = GRT[i] + ((double) ((i * 11) % 13) - 6) / 10.0;
    }
  for (guint i = 0; i < 40; i++)
    {
      for (guint j = 0; j < 3; j++)
        GX[3 * i + j] = ((i * (j + 2) * 31) % 97) / 10.0;
      GL[i] = i % 4;
    }
}

/* Classification metrics from a confusion matrix */

typedef enum
{
  ACCURACY, BALANCED, PRECISION, RECALL, F1, FPR, FNR, SPECIFICITY, MCC, KAPPA
} Metric;

typedef struct
{
  const char   *fixture;
  Metric        metric;
  SondeAverage  average;
  guint         klass;
  double        expected;
} ClassCase;

static const ClassCase class_cases[] = {
  { "binary", ACCURACY, SONDE_AVERAGE_NONE, 0, 0.75 }, /* M.accuracy_score(BT, BP) */
  { "binary", BALANCED, SONDE_AVERAGE_NONE, 0, 0.75 }, /* M.balanced_accuracy_score(BT, BP) */
  { "binary", PRECISION, SONDE_AVERAGE_NONE, 1, 0.7777777777777778 }, /* M.precision_score(BT, BP) */
  { "binary", PRECISION, SONDE_AVERAGE_NONE, 0, 0.7272727272727273 }, /* M.precision_score(BT, BP, pos_label=0) */
  { "binary", PRECISION, SONDE_AVERAGE_MACRO, 0, 0.7525252525252526 }, /* M.precision_score(BT, BP, average="macro") */
  { "binary", PRECISION, SONDE_AVERAGE_WEIGHTED, 0, 0.7525252525252526 }, /* M.precision_score(BT, BP, average="weighted") */
  { "binary", PRECISION, SONDE_AVERAGE_MICRO, 0, 0.75 }, /* M.precision_score(BT, BP, average="micro") */
  { "binary", RECALL, SONDE_AVERAGE_NONE, 1, 0.7 }, /* M.recall_score(BT, BP) */
  { "binary", RECALL, SONDE_AVERAGE_NONE, 0, 0.8 }, /* M.recall_score(BT, BP, pos_label=0) */
  { "binary", RECALL, SONDE_AVERAGE_MACRO, 0, 0.75 }, /* M.recall_score(BT, BP, average="macro") */
  { "binary", RECALL, SONDE_AVERAGE_WEIGHTED, 0, 0.75 }, /* M.recall_score(BT, BP, average="weighted") */
  { "binary", RECALL, SONDE_AVERAGE_MICRO, 0, 0.75 }, /* M.recall_score(BT, BP, average="micro") */
  { "binary", F1, SONDE_AVERAGE_NONE, 1, 0.7368421052631577 }, /* M.f1_score(BT, BP) */
  { "binary", F1, SONDE_AVERAGE_NONE, 0, 0.761904761904762 }, /* M.f1_score(BT, BP, pos_label=0) */
  { "binary", F1, SONDE_AVERAGE_MACRO, 0, 0.7493734335839599 }, /* M.f1_score(BT, BP, average="macro") */
  { "binary", F1, SONDE_AVERAGE_WEIGHTED, 0, 0.7493734335839598 }, /* M.f1_score(BT, BP, average="weighted") */
  { "binary", F1, SONDE_AVERAGE_MICRO, 0, 0.75 }, /* M.f1_score(BT, BP, average="micro") */
  { "binary", FPR, SONDE_AVERAGE_NONE, 0, 0.3 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(BT, BP, labels=range(2))[0].ravel(); print(fp / (fp + tn) if fp + tn else 0.0) */
  { "binary", FNR, SONDE_AVERAGE_NONE, 0, 0.2 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(BT, BP, labels=range(2))[0].ravel(); print(fn / (fn + tp) if fn + tp else 0.0) */
  { "binary", SPECIFICITY, SONDE_AVERAGE_NONE, 0, 0.7 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(BT, BP, labels=range(2))[0].ravel(); print(tn / (tn + fp) if tn + fp else 0.0) */
  { "binary", FPR, SONDE_AVERAGE_NONE, 1, 0.2 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(BT, BP, labels=range(2))[1].ravel(); print(fp / (fp + tn) if fp + tn else 0.0) */
  { "binary", FNR, SONDE_AVERAGE_NONE, 1, 0.3 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(BT, BP, labels=range(2))[1].ravel(); print(fn / (fn + tp) if fn + tp else 0.0) */
  { "binary", SPECIFICITY, SONDE_AVERAGE_NONE, 1, 0.8 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(BT, BP, labels=range(2))[1].ravel(); print(tn / (tn + fp) if tn + fp else 0.0) */
  { "binary", MCC, SONDE_AVERAGE_NONE, 0, 0.502518907629606 }, /* M.matthews_corrcoef(BT, BP) */
  { "binary", KAPPA, SONDE_AVERAGE_NONE, 0, 0.5 }, /* M.cohen_kappa_score(BT, BP) */
  { "multiclass", ACCURACY, SONDE_AVERAGE_NONE, 0, 0.6666666666666666 }, /* M.accuracy_score(MT, MP) */
  { "multiclass", BALANCED, SONDE_AVERAGE_NONE, 0, 0.6666666666666666 }, /* M.balanced_accuracy_score(MT, MP) */
  { "multiclass", PRECISION, SONDE_AVERAGE_NONE, 0, 0.7142857142857143 }, /* M.precision_score(MT, MP, average=None, labels=range(5))[0] */
  { "multiclass", PRECISION, SONDE_AVERAGE_NONE, 1, 0.75 }, /* M.precision_score(MT, MP, average=None, labels=range(5))[1] */
  { "multiclass", PRECISION, SONDE_AVERAGE_NONE, 2, 0.8333333333333334 }, /* M.precision_score(MT, MP, average=None, labels=range(5))[2] */
  { "multiclass", PRECISION, SONDE_AVERAGE_NONE, 3, 0.0 }, /* M.precision_score(MT, MP, average=None, labels=range(5))[3] */
  { "multiclass", PRECISION, SONDE_AVERAGE_NONE, 4, 0.0 }, /* M.precision_score(MT, MP, average=None, labels=range(5))[4] */
  { "multiclass", PRECISION, SONDE_AVERAGE_MACRO, 0, 0.574404761904762 }, /* M.precision_score(MT, MP, average="macro") */
  { "multiclass", PRECISION, SONDE_AVERAGE_WEIGHTED, 0, 0.7658730158730159 }, /* M.precision_score(MT, MP, average="weighted") */
  { "multiclass", PRECISION, SONDE_AVERAGE_MICRO, 0, 0.6666666666666666 }, /* M.precision_score(MT, MP, average="micro") */
  { "multiclass", RECALL, SONDE_AVERAGE_NONE, 0, 0.625 }, /* M.recall_score(MT, MP, average=None, labels=range(5))[0] */
  { "multiclass", RECALL, SONDE_AVERAGE_NONE, 1, 0.75 }, /* M.recall_score(MT, MP, average=None, labels=range(5))[1] */
  { "multiclass", RECALL, SONDE_AVERAGE_NONE, 2, 0.625 }, /* M.recall_score(MT, MP, average=None, labels=range(5))[2] */
  { "multiclass", RECALL, SONDE_AVERAGE_NONE, 3, 0.0 }, /* M.recall_score(MT, MP, average=None, labels=range(5))[3] */
  { "multiclass", RECALL, SONDE_AVERAGE_NONE, 4, 0.0 }, /* M.recall_score(MT, MP, average=None, labels=range(5))[4] */
  { "multiclass", RECALL, SONDE_AVERAGE_MACRO, 0, 0.5 }, /* M.recall_score(MT, MP, average="macro") */
  { "multiclass", RECALL, SONDE_AVERAGE_WEIGHTED, 0, 0.6666666666666666 }, /* M.recall_score(MT, MP, average="weighted") */
  { "multiclass", RECALL, SONDE_AVERAGE_MICRO, 0, 0.6666666666666666 }, /* M.recall_score(MT, MP, average="micro") */
  { "multiclass", F1, SONDE_AVERAGE_NONE, 0, 0.6666666666666666 }, /* M.f1_score(MT, MP, average=None, labels=range(5))[0] */
  { "multiclass", F1, SONDE_AVERAGE_NONE, 1, 0.75 }, /* M.f1_score(MT, MP, average=None, labels=range(5))[1] */
  { "multiclass", F1, SONDE_AVERAGE_NONE, 2, 0.7142857142857143 }, /* M.f1_score(MT, MP, average=None, labels=range(5))[2] */
  { "multiclass", F1, SONDE_AVERAGE_NONE, 3, 0.0 }, /* M.f1_score(MT, MP, average=None, labels=range(5))[3] */
  { "multiclass", F1, SONDE_AVERAGE_NONE, 4, 0.0 }, /* M.f1_score(MT, MP, average=None, labels=range(5))[4] */
  { "multiclass", F1, SONDE_AVERAGE_MACRO, 0, 0.5327380952380952 }, /* M.f1_score(MT, MP, average="macro") */
  { "multiclass", F1, SONDE_AVERAGE_WEIGHTED, 0, 0.7103174603174603 }, /* M.f1_score(MT, MP, average="weighted") */
  { "multiclass", F1, SONDE_AVERAGE_MICRO, 0, 0.6666666666666666 }, /* M.f1_score(MT, MP, average="micro") */
  { "multiclass", FPR, SONDE_AVERAGE_NONE, 0, 0.125 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(MT, MP, labels=range(5))[0].ravel(); print(fp / (fp + tn) if fp + tn else 0.0) */
  { "multiclass", FNR, SONDE_AVERAGE_NONE, 0, 0.375 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(MT, MP, labels=range(5))[0].ravel(); print(fn / (fn + tp) if fn + tp else 0.0) */
  { "multiclass", SPECIFICITY, SONDE_AVERAGE_NONE, 0, 0.875 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(MT, MP, labels=range(5))[0].ravel(); print(tn / (tn + fp) if tn + fp else 0.0) */
  { "multiclass", FPR, SONDE_AVERAGE_NONE, 1, 0.125 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(MT, MP, labels=range(5))[1].ravel(); print(fp / (fp + tn) if fp + tn else 0.0) */
  { "multiclass", FNR, SONDE_AVERAGE_NONE, 1, 0.25 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(MT, MP, labels=range(5))[1].ravel(); print(fn / (fn + tp) if fn + tp else 0.0) */
  { "multiclass", SPECIFICITY, SONDE_AVERAGE_NONE, 1, 0.875 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(MT, MP, labels=range(5))[1].ravel(); print(tn / (tn + fp) if tn + fp else 0.0) */
  { "multiclass", FPR, SONDE_AVERAGE_NONE, 2, 0.0625 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(MT, MP, labels=range(5))[2].ravel(); print(fp / (fp + tn) if fp + tn else 0.0) */
  { "multiclass", FNR, SONDE_AVERAGE_NONE, 2, 0.375 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(MT, MP, labels=range(5))[2].ravel(); print(fn / (fn + tp) if fn + tp else 0.0) */
  { "multiclass", SPECIFICITY, SONDE_AVERAGE_NONE, 2, 0.9375 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(MT, MP, labels=range(5))[2].ravel(); print(tn / (tn + fp) if tn + fp else 0.0) */
  { "multiclass", FPR, SONDE_AVERAGE_NONE, 3, 0.125 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(MT, MP, labels=range(5))[3].ravel(); print(fp / (fp + tn) if fp + tn else 0.0) */
  { "multiclass", FNR, SONDE_AVERAGE_NONE, 3, 0.0 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(MT, MP, labels=range(5))[3].ravel(); print(fn / (fn + tp) if fn + tp else 0.0) */
  { "multiclass", SPECIFICITY, SONDE_AVERAGE_NONE, 3, 0.875 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(MT, MP, labels=range(5))[3].ravel(); print(tn / (tn + fp) if tn + fp else 0.0) */
  { "multiclass", FPR, SONDE_AVERAGE_NONE, 4, 0.0 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(MT, MP, labels=range(5))[4].ravel(); print(fp / (fp + tn) if fp + tn else 0.0) */
  { "multiclass", FNR, SONDE_AVERAGE_NONE, 4, 0.0 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(MT, MP, labels=range(5))[4].ravel(); print(fn / (fn + tp) if fn + tp else 0.0) */
  { "multiclass", SPECIFICITY, SONDE_AVERAGE_NONE, 4, 1.0 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(MT, MP, labels=range(5))[4].ravel(); print(tn / (tn + fp) if tn + fp else 0.0) */
  { "multiclass", MCC, SONDE_AVERAGE_NONE, 0, 0.5391380680858384 }, /* M.matthews_corrcoef(MT, MP) */
  { "multiclass", KAPPA, SONDE_AVERAGE_NONE, 0, 0.5294117647058824 }, /* M.cohen_kappa_score(MT, MP) */
  { "generated", ACCURACY, SONDE_AVERAGE_NONE, 0, 0.8666666666666667 }, /* M.accuracy_score(GMT, GMP) */
  { "generated", BALANCED, SONDE_AVERAGE_NONE, 0, 0.8666666666666667 }, /* M.balanced_accuracy_score(GMT, GMP) */
  { "generated", PRECISION, SONDE_AVERAGE_NONE, 0, 1.0 }, /* M.precision_score(GMT, GMP, average=None, labels=range(3))[0] */
  { "generated", PRECISION, SONDE_AVERAGE_NONE, 1, 0.7142857142857143 }, /* M.precision_score(GMT, GMP, average=None, labels=range(3))[1] */
  { "generated", PRECISION, SONDE_AVERAGE_NONE, 2, 1.0 }, /* M.precision_score(GMT, GMP, average=None, labels=range(3))[2] */
  { "generated", PRECISION, SONDE_AVERAGE_MACRO, 0, 0.9047619047619048 }, /* M.precision_score(GMT, GMP, average="macro") */
  { "generated", PRECISION, SONDE_AVERAGE_WEIGHTED, 0, 0.9047619047619048 }, /* M.precision_score(GMT, GMP, average="weighted") */
  { "generated", PRECISION, SONDE_AVERAGE_MICRO, 0, 0.8666666666666667 }, /* M.precision_score(GMT, GMP, average="micro") */
  { "generated", RECALL, SONDE_AVERAGE_NONE, 0, 1.0 }, /* M.recall_score(GMT, GMP, average=None, labels=range(3))[0] */
  { "generated", RECALL, SONDE_AVERAGE_NONE, 1, 1.0 }, /* M.recall_score(GMT, GMP, average=None, labels=range(3))[1] */
  { "generated", RECALL, SONDE_AVERAGE_NONE, 2, 0.6 }, /* M.recall_score(GMT, GMP, average=None, labels=range(3))[2] */
  { "generated", RECALL, SONDE_AVERAGE_MACRO, 0, 0.8666666666666667 }, /* M.recall_score(GMT, GMP, average="macro") */
  { "generated", RECALL, SONDE_AVERAGE_WEIGHTED, 0, 0.8666666666666667 }, /* M.recall_score(GMT, GMP, average="weighted") */
  { "generated", RECALL, SONDE_AVERAGE_MICRO, 0, 0.8666666666666667 }, /* M.recall_score(GMT, GMP, average="micro") */
  { "generated", F1, SONDE_AVERAGE_NONE, 0, 1.0 }, /* M.f1_score(GMT, GMP, average=None, labels=range(3))[0] */
  { "generated", F1, SONDE_AVERAGE_NONE, 1, 0.8333333333333333 }, /* M.f1_score(GMT, GMP, average=None, labels=range(3))[1] */
  { "generated", F1, SONDE_AVERAGE_NONE, 2, 0.7499999999999999 }, /* M.f1_score(GMT, GMP, average=None, labels=range(3))[2] */
  { "generated", F1, SONDE_AVERAGE_MACRO, 0, 0.861111111111111 }, /* M.f1_score(GMT, GMP, average="macro") */
  { "generated", F1, SONDE_AVERAGE_WEIGHTED, 0, 0.861111111111111 }, /* M.f1_score(GMT, GMP, average="weighted") */
  { "generated", F1, SONDE_AVERAGE_MICRO, 0, 0.8666666666666667 }, /* M.f1_score(GMT, GMP, average="micro") */
  { "generated", FPR, SONDE_AVERAGE_NONE, 0, 0.0 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(GMT, GMP, labels=range(3))[0].ravel(); print(fp / (fp + tn) if fp + tn else 0.0) */
  { "generated", FNR, SONDE_AVERAGE_NONE, 0, 0.0 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(GMT, GMP, labels=range(3))[0].ravel(); print(fn / (fn + tp) if fn + tp else 0.0) */
  { "generated", SPECIFICITY, SONDE_AVERAGE_NONE, 0, 1.0 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(GMT, GMP, labels=range(3))[0].ravel(); print(tn / (tn + fp) if tn + fp else 0.0) */
  { "generated", FPR, SONDE_AVERAGE_NONE, 1, 0.2 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(GMT, GMP, labels=range(3))[1].ravel(); print(fp / (fp + tn) if fp + tn else 0.0) */
  { "generated", FNR, SONDE_AVERAGE_NONE, 1, 0.0 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(GMT, GMP, labels=range(3))[1].ravel(); print(fn / (fn + tp) if fn + tp else 0.0) */
  { "generated", SPECIFICITY, SONDE_AVERAGE_NONE, 1, 0.8 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(GMT, GMP, labels=range(3))[1].ravel(); print(tn / (tn + fp) if tn + fp else 0.0) */
  { "generated", FPR, SONDE_AVERAGE_NONE, 2, 0.0 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(GMT, GMP, labels=range(3))[2].ravel(); print(fp / (fp + tn) if fp + tn else 0.0) */
  { "generated", FNR, SONDE_AVERAGE_NONE, 2, 0.4 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(GMT, GMP, labels=range(3))[2].ravel(); print(fn / (fn + tp) if fn + tp else 0.0) */
  { "generated", SPECIFICITY, SONDE_AVERAGE_NONE, 2, 1.0 }, /* tn, fp, fn, tp = M.multilabel_confusion_matrix(GMT, GMP, labels=range(3))[2].ravel(); print(tn / (tn + fp) if tn + fp else 0.0) */
  { "generated", MCC, SONDE_AVERAGE_NONE, 0, 0.8222264517930379 }, /* M.matthews_corrcoef(GMT, GMP) */
  { "generated", KAPPA, SONDE_AVERAGE_NONE, 0, 0.8 }, /* M.cohen_kappa_score(GMT, GMP) */
};

static double
class_metric (const SondeConfusion *conf,
              const ClassCase      *c)
{
  switch (c->metric)
    {
    case ACCURACY: return sonde_metric_accuracy (conf);
    case BALANCED: return sonde_metric_balanced_accuracy (conf);
    case PRECISION: return sonde_metric_precision (conf, c->average, c->klass);
    case RECALL: return sonde_metric_recall (conf, c->average, c->klass);
    case F1: return sonde_metric_f1 (conf, c->average, c->klass);
    case FPR: return sonde_metric_fpr (conf, c->klass);
    case FNR: return sonde_metric_fnr (conf, c->klass);
    case SPECIFICITY: return sonde_metric_specificity (conf, c->klass);
    case MCC: return sonde_metric_mcc (conf);
    case KAPPA: return sonde_metric_cohen_kappa (conf);
    default: g_assert_not_reached ();
    }
}

static void
test_classification (void)
{
  g_autoptr(SondeConfusion) binary = NULL;
  g_autoptr(SondeConfusion) multiclass = NULL;
  g_autoptr(SondeConfusion) generated = NULL;
  g_autoptr(GError) error = NULL;

  binary = sonde_confusion_new (BT, BP, G_N_ELEMENTS (BT), 2, &error);
  g_assert_no_error (error);
  multiclass = sonde_confusion_new (MT, MP, G_N_ELEMENTS (MT), 5, &error);
  g_assert_no_error (error);
  generated = sonde_confusion_new (GMT, GMP, G, 3, &error);
  g_assert_no_error (error);

  for (gsize i = 0; i < G_N_ELEMENTS (class_cases); i++)
    {
      const ClassCase *c = &class_cases[i];
      const SondeConfusion *conf = g_str_equal (c->fixture, "binary") ? binary
                                   : g_str_equal (c->fixture, "multiclass") ? multiclass
                                   : generated;
      g_autofree char *what = g_strdup_printf ("case %" G_GSIZE_FORMAT " (%s)", i, c->fixture);

      assert_close (what, class_metric (conf, c), c->expected);
    }
}

static void
test_confusion (void)
{
  /* Python: print(M.confusion_matrix(MT, MP, labels=range(5)).tolist()) */
  static const guint64 expected[5][5] = {
    { 5, 1, 0, 2, 0 }, { 1, 6, 1, 0, 0 }, { 1, 1, 5, 1, 0 }, { 0, 0, 0, 0, 0 }, { 0, 0, 0, 0, 0 },
  };
  g_autoptr(SondeConfusion) conf = NULL;
  g_autoptr(GError) error = NULL;

  conf = sonde_confusion_new (MT, MP, G_N_ELEMENTS (MT), 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conf->n, ==, G_N_ELEMENTS (MT));
  for (guint i = 0; i < 5; i++)
    for (guint j = 0; j < 5; j++)
      g_assert_cmpuint (sonde_confusion_get (conf, i, j), ==, expected[i][j]);
}

static void
test_confusion_errors (void)
{
  static const guint32 bad[] = { 0, 1, 2 };
  g_autoptr(SondeConfusion) conf = NULL;
  g_autoptr(GError) error = NULL;

  conf = sonde_confusion_new (bad, BT, 3, 2, &error);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_assert_null (conf);
  g_clear_error (&error);

  conf = sonde_confusion_new (BT, BP, 0, 2, &error);
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_EMPTY);
  g_assert_null (conf);
}

/* Curves */

/* Python: print([repr(float(v)) for v in M.roc_curve(BT, BS)[0]]) */
static const double ROC_BIN_FPR[] = { 0.0, 0.0, 0.0, 0.0, 0.0, 0.2, 0.2, 0.3, 0.5, 0.5, 0.9, 1.0 };
/* Python: print([repr(float(v)) for v in M.roc_curve(BT, BS)[1]]) */
static const double ROC_BIN_TPR[] = { 0.0, 0.1, 0.2, 0.5, 0.7, 0.7, 0.8, 0.8, 0.9, 1.0, 1.0, 1.0 };
/* Python: print([repr(float(v)) for v in M.roc_curve(BT, BS)[2]]) */
static const double ROC_BIN_THR[] = {
  1.95, 0.95, 0.9, 0.8, 0.65, 0.55, 0.45, 0.4, 0.35, 0.3, 0.1, 0.05
};
/* Python: print([repr(float(v)) for v in M.precision_recall_curve(BT, BS)[0]]) */
static const double PR_BIN_P[] = {
  0.5, 0.5263157894736842, 0.5882352941176471, 0.6666666666666666, 0.6428571428571429,
  0.7272727272727273, 0.8, 0.7777777777777778, 0.875, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0
};
/* Python: print([repr(float(v)) for v in M.precision_recall_curve(BT, BS)[1]]) */
static const double PR_BIN_R[] = {
  1.0, 1.0, 1.0, 1.0, 0.9, 0.8, 0.8, 0.7, 0.7, 0.7, 0.6, 0.5, 0.2, 0.1, 0.0
};
/* Python: print([repr(float(v)) for v in M.precision_recall_curve(BT, BS)[2]]) */
static const double PR_BIN_THR[] = {
  0.05, 0.1, 0.2, 0.3, 0.35, 0.4, 0.45, 0.55, 0.6, 0.65, 0.7, 0.8, 0.9, 0.95
};
#define AUC_BIN 0.89 /* M.roc_auc_score(BT, BS) */
#define AP_BIN 0.910952380952381 /* M.average_precision_score(BT, BS) */
/* Python: print([repr(float(v)) for v in M.roc_curve(GT, GS)[0]]) */
static const double ROC_GEN_FPR[] = {
  0.0, 0.03125, 0.1875, 0.1875, 0.21875, 0.21875, 0.25, 0.25, 0.28125, 0.28125, 0.3125,
  0.3125, 0.375, 0.375, 0.40625, 0.40625, 0.4375, 0.4375, 0.46875, 0.46875, 0.53125,
  0.53125, 0.5625, 0.5625, 0.59375, 0.59375, 0.625, 0.625, 0.875, 0.875, 0.90625, 0.90625,
  0.9375, 0.9375, 0.96875, 0.96875, 1.0, 1.0
};
/* Python: print([repr(float(v)) for v in M.roc_curve(GT, GS)[1]]) */
static const double ROC_GEN_TPR[] = {
  0.0, 0.0, 0.0, 0.03571428571428571, 0.03571428571428571, 0.07142857142857142,
  0.07142857142857142, 0.14285714285714285, 0.14285714285714285, 0.17857142857142858,
  0.17857142857142858, 0.21428571428571427, 0.21428571428571427, 0.25, 0.25,
  0.5357142857142857, 0.5357142857142857, 0.5714285714285714, 0.5714285714285714,
  0.6071428571428571, 0.6071428571428571, 0.6428571428571429, 0.6428571428571429,
  0.6785714285714286, 0.6785714285714286, 0.75, 0.75, 0.7857142857142857,
  0.7857142857142857, 0.8214285714285714, 0.8214285714285714, 0.8571428571428571,
  0.8571428571428571, 0.9285714285714286, 0.9285714285714286, 0.9642857142857143,
  0.9642857142857143, 1.0
};
/* Python: print([repr(float(v)) for v in M.roc_curve(GT, GS)[2]]) */
static const double ROC_GEN_THR[] = {
  1.99009900990099, 0.9900990099009901, 0.8910891089108911, 0.8811881188118812,
  0.8613861386138614, 0.8514851485148515, 0.8316831683168316, 0.7920792079207921,
  0.7821782178217822, 0.7623762376237624, 0.7524752475247525, 0.7326732673267327,
  0.693069306930693, 0.6831683168316832, 0.6633663366336634, 0.5247524752475248,
  0.5148514851485149, 0.49504950495049505, 0.48514851485148514, 0.46534653465346537,
  0.42574257425742573, 0.4158415841584158, 0.39603960396039606, 0.38613861386138615,
  0.36633663366336633, 0.32673267326732675, 0.31683168316831684, 0.297029702970297,
  0.15841584158415842, 0.1485148514851485, 0.12871287128712872, 0.1188118811881188,
  0.09900990099009901, 0.0594059405940594, 0.04950495049504951, 0.0297029702970297,
  0.019801980198019802, 0.0
};
/* Python: print([repr(float(v)) for v in M.precision_recall_curve(GT, GS)[0]]) */
static const double PR_GEN_P[] = {
  0.4666666666666667, 0.4576271186440678, 0.46551724137931033, 0.45614035087719296,
  0.4642857142857143, 0.45454545454545453, 0.4444444444444444, 0.4528301886792453,
  0.4423076923076923, 0.45098039215686275, 0.44, 0.4489795918367347, 0.4583333333333333,
  0.46808510638297873, 0.4782608695652174, 0.4888888888888889, 0.5, 0.5116279069767442,
  0.5238095238095238, 0.5121951219512195, 0.525, 0.5128205128205128, 0.5,
  0.5135135135135135, 0.5, 0.5142857142857142, 0.5, 0.5151515151515151, 0.53125,
  0.5161290322580645, 0.5333333333333333, 0.5172413793103449, 0.5357142857142857,
  0.5185185185185185, 0.5, 0.48, 0.4583333333333333, 0.43478260869565216,
  0.4090909090909091, 0.38095238095238093, 0.35, 0.3684210526315789, 0.3333333333333333,
  0.35294117647058826, 0.375, 0.3333333333333333, 0.35714285714285715, 0.3076923076923077,
  0.3333333333333333, 0.2727272727272727, 0.2, 0.2222222222222222, 0.125,
  0.14285714285714285, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0
};
/* Python: print([repr(float(v)) for v in M.precision_recall_curve(GT, GS)[1]]) */
static const double PR_GEN_R[] = {
  1.0, 0.9642857142857143, 0.9642857142857143, 0.9285714285714286, 0.9285714285714286,
  0.8928571428571429, 0.8571428571428571, 0.8571428571428571, 0.8214285714285714,
  0.8214285714285714, 0.7857142857142857, 0.7857142857142857, 0.7857142857142857,
  0.7857142857142857, 0.7857142857142857, 0.7857142857142857, 0.7857142857142857,
  0.7857142857142857, 0.7857142857142857, 0.75, 0.75, 0.7142857142857143,
  0.6785714285714286, 0.6785714285714286, 0.6428571428571429, 0.6428571428571429,
  0.6071428571428571, 0.6071428571428571, 0.6071428571428571, 0.5714285714285714,
  0.5714285714285714, 0.5357142857142857, 0.5357142857142857, 0.5, 0.4642857142857143,
  0.42857142857142855, 0.39285714285714285, 0.35714285714285715, 0.32142857142857145,
  0.2857142857142857, 0.25, 0.25, 0.21428571428571427, 0.21428571428571427,
  0.21428571428571427, 0.17857142857142858, 0.17857142857142858, 0.14285714285714285,
  0.14285714285714285, 0.10714285714285714, 0.07142857142857142, 0.07142857142857142,
  0.03571428571428571, 0.03571428571428571, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
};
/* Python: print([repr(float(v)) for v in M.precision_recall_curve(GT, GS)[2]]) */
static const double PR_GEN_THR[] = {
  0.0, 0.019801980198019802, 0.0297029702970297, 0.04950495049504951, 0.0594059405940594,
  0.0891089108910891, 0.09900990099009901, 0.1188118811881188, 0.12871287128712872,
  0.1485148514851485, 0.15841584158415842, 0.18811881188118812, 0.19801980198019803,
  0.21782178217821782, 0.22772277227722773, 0.24752475247524752, 0.25742574257425743,
  0.2871287128712871, 0.297029702970297, 0.31683168316831684, 0.32673267326732675,
  0.3564356435643564, 0.36633663366336633, 0.38613861386138615, 0.39603960396039606,
  0.4158415841584158, 0.42574257425742573, 0.45544554455445546, 0.46534653465346537,
  0.48514851485148514, 0.49504950495049505, 0.5148514851485149, 0.5247524752475248,
  0.5544554455445545, 0.5643564356435643, 0.5841584158415841, 0.594059405940594,
  0.6138613861386139, 0.6237623762376238, 0.6534653465346535, 0.6633663366336634,
  0.6831683168316832, 0.693069306930693, 0.7227722772277227, 0.7326732673267327,
  0.7524752475247525, 0.7623762376237624, 0.7821782178217822, 0.7920792079207921,
  0.8217821782178217, 0.8316831683168316, 0.8514851485148515, 0.8613861386138614,
  0.8811881188118812, 0.8910891089108911, 0.9207920792079208, 0.9306930693069307,
  0.9504950495049505, 0.9603960396039604, 0.9900990099009901
};
#define AUC_GEN 0.47991071428571425 /* M.roc_auc_score(GT, GS) */
#define AP_GEN 0.4356405061676907 /* M.average_precision_score(GT, GS) */
#define LOGLOSS_GEN2 1.6027217319630995 /* M.log_loss(GT, [[1 - s, s] for s in GS]) */
#define LOGLOSS_HAND3 4.143936310167384 /* M.log_loss(LT3, LP3, labels=range(3)) */
#define LOGLOSS_GEN4 1.4992223081345393 /* M.log_loss(GLT, GLP, labels=range(4)) */
#define RMSE_HAND 0.49193495504995377 /* M.mean_squared_error(RT, RP, squared=False) */
#define MAE_HAND 0.42000000000000004 /* M.mean_absolute_error(RT, RP) */
#define R2_HAND 0.9761629586824617 /* M.r2_score(RT, RP) */
#define MAPE_HAND 0.21609019941806826 /* M.mean_absolute_percentage_error(RT, RP) */
#define RMSE_GEN 0.38078865529319544 /* M.mean_squared_error(GRT, GRP, squared=False) */
#define MAE_GEN 0.3300000000000001 /* M.mean_absolute_error(GRT, GRP) */
#define R2_GEN 0.9874106710841866 /* M.r2_score(GRT, GRP) */
#define MAPE_GEN 22517998136852.66 /* M.mean_absolute_percentage_error(GRT, GRP) */
#define SIL_HAND 0.7633603259815617 /* M.silhouette_score(SX, SL) */
#define SIL_GEN -0.11108529273389492 /* M.silhouette_score(GX, GL) */
#define AUC_OVR_LT3_MACRO 0.8035714285714285 /* M.roc_auc_score(LT3, LP3, multi_class="ovr", average="macro") */
#define AUC_OVR_LT3_WEIGHTED 0.8023809523809524 /* M.roc_auc_score(LT3, LP3, multi_class="ovr", average="weighted") */
#define AUC_OVR_GLT_MACRO 0.5107407407407407 /* M.roc_auc_score(GLT, GLP, multi_class="ovr", average="macro") */
#define AUC_OVR_GLT_WEIGHTED 0.5107407407407407 /* M.roc_auc_score(GLT, GLP, multi_class="ovr", average="weighted") */

static void
assert_array (const char   *what,
              const double *actual,
              gsize         n_actual,
              const double *expected,
              gsize         n_expected)
{
  g_assert_cmpuint (n_actual, ==, n_expected);
  for (gsize i = 0; i < n_actual; i++)
    {
      g_autofree char *label = g_strdup_printf ("%s[%" G_GSIZE_FORMAT "]", what, i);

      assert_close (label, actual[i], expected[i]);
    }
}

#define CHECK(what, actual, n, expected) \
  assert_array (what, actual, n, expected, G_N_ELEMENTS (expected))

static void
test_roc (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree double *fpr = NULL;
  g_autofree double *tpr = NULL;
  g_autofree double *thr = NULL;
  gsize m;

  g_assert_true (sonde_roc_curve (BT, BS, G_N_ELEMENTS (BT), &fpr, &tpr, &thr, &m, &error));
  g_assert_no_error (error);
  CHECK ("roc bin fpr", fpr, m, ROC_BIN_FPR);
  CHECK ("roc bin tpr", tpr, m, ROC_BIN_TPR);
  CHECK ("roc bin thr", thr, m, ROC_BIN_THR);
  g_clear_pointer (&fpr, g_free);
  g_clear_pointer (&tpr, g_free);
  g_clear_pointer (&thr, g_free);

  g_assert_true (sonde_roc_curve (GT, GS, G, &fpr, &tpr, &thr, &m, &error));
  g_assert_no_error (error);
  CHECK ("roc gen fpr", fpr, m, ROC_GEN_FPR);
  CHECK ("roc gen tpr", tpr, m, ROC_GEN_TPR);
  CHECK ("roc gen thr", thr, m, ROC_GEN_THR);

  assert_close ("auc bin", sonde_metric_roc_auc (BT, BS, G_N_ELEMENTS (BT), &error), AUC_BIN);
  g_assert_no_error (error);
  assert_close ("auc gen", sonde_metric_roc_auc (GT, GS, G, &error), AUC_GEN);
  g_assert_no_error (error);
}

static void
test_pr (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree double *p = NULL;
  g_autofree double *r = NULL;
  g_autofree double *thr = NULL;
  gsize m;

  g_assert_true (sonde_pr_curve (BT, BS, G_N_ELEMENTS (BT), &p, &r, &thr, &m, &error));
  g_assert_no_error (error);
  CHECK ("pr bin precision", p, m, PR_BIN_P);
  CHECK ("pr bin recall", r, m, PR_BIN_R);
  CHECK ("pr bin thr", thr, m - 1, PR_BIN_THR);
  g_clear_pointer (&p, g_free);
  g_clear_pointer (&r, g_free);
  g_clear_pointer (&thr, g_free);

  g_assert_true (sonde_pr_curve (GT, GS, G, &p, &r, &thr, &m, &error));
  g_assert_no_error (error);
  CHECK ("pr gen precision", p, m, PR_GEN_P);
  CHECK ("pr gen recall", r, m, PR_GEN_R);
  CHECK ("pr gen thr", thr, m - 1, PR_GEN_THR);

  assert_close ("ap bin", sonde_metric_average_precision (BT, BS, G_N_ELEMENTS (BT), &error), AP_BIN);
  g_assert_no_error (error);
  assert_close ("ap gen", sonde_metric_average_precision (GT, GS, G, &error), AP_GEN);
  g_assert_no_error (error);
}

static void
test_curve_errors (void)
{
  static const guint32 all_neg[] = { 0, 0, 0 };
  static const guint32 all_pos[] = { 1, 1, 1 };
  static const guint32 three[] = { 0, 1, 2 };
  static const double scores[] = { 0.1, 0.5, 0.9 };
  static const double with_nan[] = { 0.1, NAN, 0.9 };
  g_autoptr(GError) error = NULL;

  g_assert_true (isnan (sonde_metric_roc_auc (all_neg, scores, 3, &error)));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (isnan (sonde_metric_average_precision (all_pos, scores, 3, &error)));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (isnan (sonde_metric_roc_auc (three, scores, 3, &error)));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (isnan (sonde_metric_roc_auc (BT, with_nan, 3, &error)));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (isnan (sonde_metric_roc_auc (BT, BS, 0, &error)));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_EMPTY);
}

static void
test_roc_auc_ovr (void)
{
  static const guint32 missing[] = { 0, 1, 1, 0 };
  static const double probs[] = { 0.5, 0.3, 0.2, 0.1, 0.8, 0.1, 0.2, 0.5, 0.3, 0.6, 0.2, 0.2 };
  g_autoptr(GError) error = NULL;

  assert_close ("hand macro", sonde_metric_roc_auc_ovr (LT3, LP3, G_N_ELEMENTS (LT3), 3, FALSE, &error), AUC_OVR_LT3_MACRO);
  assert_close ("hand weighted", sonde_metric_roc_auc_ovr (LT3, LP3, G_N_ELEMENTS (LT3), 3, TRUE, &error), AUC_OVR_LT3_WEIGHTED);
  assert_close ("generated macro", sonde_metric_roc_auc_ovr (GLT, GLP, G, 4, FALSE, &error), AUC_OVR_GLT_MACRO);
  assert_close ("generated weighted", sonde_metric_roc_auc_ovr (GLT, GLP, G, 4, TRUE, &error), AUC_OVR_GLT_WEIGHTED);
  g_assert_no_error (error);

  /* Class 2 never occurs in the truth. */
  g_assert_true (isnan (sonde_metric_roc_auc_ovr (missing, probs, 4, 3, FALSE, &error)));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
}

/* Log loss */

static void
test_log_loss (void)
{
  g_autoptr(GError) error = NULL;

  assert_close ("binary", sonde_metric_log_loss (GT, GP2, G, 2, &error), LOGLOSS_GEN2);
  g_assert_no_error (error);
  /* Rows 4, 5 and 7 hold exact 0 and 1, which the clipping must handle. */
  assert_close ("hand-3", sonde_metric_log_loss (LT3, LP3, G_N_ELEMENTS (LT3), 3, &error), LOGLOSS_HAND3);
  g_assert_no_error (error);
  assert_close ("generated-4", sonde_metric_log_loss (GLT, GLP, G, 4, &error), LOGLOSS_GEN4);
  g_assert_no_error (error);
}

static void
test_log_loss_errors (void)
{
  static const guint32 truth[] = { 0, 1 };
  static const guint32 bad_truth[] = { 0, 2 };
  static const double short_sum[] = { 0.5, 0.4, 0.2, 0.8 };
  static const double negative[] = { 1.2, -0.2, 0.2, 0.8 };
  static const double with_nan[] = { NAN, 0.5, 0.2, 0.8 };
  static const double good[] = { 0.5, 0.5, 0.2, 0.8 };
  g_autoptr(GError) error = NULL;

  g_assert_true (isnan (sonde_metric_log_loss (truth, short_sum, 2, 2, &error)));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (isnan (sonde_metric_log_loss (truth, negative, 2, 2, &error)));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (isnan (sonde_metric_log_loss (truth, with_nan, 2, 2, &error)));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (isnan (sonde_metric_log_loss (bad_truth, good, 2, 2, &error)));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (isnan (sonde_metric_log_loss (truth, good, 2, 1, &error)));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (isnan (sonde_metric_log_loss (truth, good, 0, 2, &error)));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_EMPTY);
}

/* Regression */

static void
test_regression (void)
{
  g_autoptr(GError) error = NULL;
  gsize n = G_N_ELEMENTS (RT);

  assert_close ("rmse hand", sonde_metric_rmse (RT, RP, n, &error), RMSE_HAND);
  assert_close ("mae hand", sonde_metric_mae (RT, RP, n, &error), MAE_HAND);
  assert_close ("r2 hand", sonde_metric_r2 (RT, RP, n, &error), R2_HAND);
  assert_close ("mape hand", sonde_metric_mape (RT, RP, n, &error), MAPE_HAND);
  g_assert_no_error (error);
  assert_close ("rmse gen", sonde_metric_rmse (GRT, GRP, G, &error), RMSE_GEN);
  assert_close ("mae gen", sonde_metric_mae (GRT, GRP, G, &error), MAE_GEN);
  assert_close ("r2 gen", sonde_metric_r2 (GRT, GRP, G, &error), R2_GEN);
  /* GRT holds two zeros: their terms are |error| / machine epsilon. */
  assert_close ("mape gen", sonde_metric_mape (GRT, GRP, G, &error), MAPE_GEN);
  g_assert_no_error (error);
}

static void
test_regression_errors (void)
{
  static const double zeros[] = { 0, 0, 0 };
  static const double some[] = { 1, 2, 3 };
  static const double with_inf[] = { 1, INFINITY, 3 };
  g_autoptr(GError) error = NULL;

  g_assert_true (isnan (sonde_metric_mape (zeros, some, 3, &error)));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (isnan (sonde_metric_rmse (some, with_inf, 3, &error)));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (isnan (sonde_metric_mae (some, some, 0, &error)));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_EMPTY);
  g_clear_error (&error);
  g_assert_true (isnan (sonde_metric_r2 (some, some, 1, &error)));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_EMPTY);
  g_clear_error (&error);

  /* r2_score's force_finite: a constant truth. Python:
   * M.r2_score([0,0,0], [0,0,0]) == 1.0; M.r2_score([0,0,0], [1,2,3]) == 0.0 */
  assert_close ("r2 constant exact", sonde_metric_r2 (zeros, zeros, 3, &error), 1.0);
  assert_close ("r2 constant", sonde_metric_r2 (zeros, some, 3, &error), 0.0);
  g_assert_no_error (error);
}

/* Silhouette */

static void
test_silhouette (void)
{
  g_autoptr(GError) error = NULL;

  /* Point 12 is alone in cluster 3 and counts 0. */
  assert_close ("hand", sonde_metric_silhouette (SX, G_N_ELEMENTS (SL), 2, SL, 4, &error), SIL_HAND);
  g_assert_no_error (error);
  /* k = 5 with code 4 unused, which must be ignored. */
  assert_close ("generated", sonde_metric_silhouette (GX, 40, 3, GL, 5, &error), SIL_GEN);
  g_assert_no_error (error);
}

static void
test_silhouette_errors (void)
{
  static const double x[] = { 0, 1, 2 };
  static const guint32 one[] = { 0, 0, 0 };
  static const guint32 each[] = { 0, 1, 2 };
  static const guint32 out[] = { 0, 1, 7 };
  static const double with_nan[] = { 0, NAN, 2 };
  static const guint32 two[] = { 0, 1, 1 };
  g_autoptr(GError) error = NULL;

  g_assert_true (isnan (sonde_metric_silhouette (x, 3, 1, one, 1, &error)));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (isnan (sonde_metric_silhouette (x, 3, 1, each, 3, &error)));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (isnan (sonde_metric_silhouette (x, 3, 1, out, 3, &error)));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (isnan (sonde_metric_silhouette (with_nan, 3, 1, two, 2, &error)));
  g_assert_error (error, SONDE_ERROR, SONDE_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  make_fixtures ();

  g_test_add_func ("/engine/metrics/confusion", test_confusion);
  g_test_add_func ("/engine/metrics/confusion-errors", test_confusion_errors);
  g_test_add_func ("/engine/metrics/classification", test_classification);
  g_test_add_func ("/engine/metrics/roc", test_roc);
  g_test_add_func ("/engine/metrics/precision-recall", test_pr);
  g_test_add_func ("/engine/metrics/curve-errors", test_curve_errors);
  g_test_add_func ("/engine/metrics/roc-auc-ovr", test_roc_auc_ovr);
  g_test_add_func ("/engine/metrics/log-loss", test_log_loss);
  g_test_add_func ("/engine/metrics/log-loss-errors", test_log_loss_errors);
  g_test_add_func ("/engine/metrics/regression", test_regression);
  g_test_add_func ("/engine/metrics/regression-errors", test_regression_errors);
  g_test_add_func ("/engine/metrics/silhouette", test_silhouette);
  g_test_add_func ("/engine/metrics/silhouette-errors", test_silhouette_errors);

  return g_test_run ();
}
