export const examHelp = `exam-variants exam --seed <text> --variants N --out DIR [--problems batchnorm,rnn,policy,gd] [--lang en|cs] [--points 5,5,5,5] [--pdf]

Writes printable variants A, B, C, ... (a student sheet and a key with worked solutions for each),
the combined answer key as HTML, JSON and CSV, and PDFs with --pdf (headless Chromium).
The same seed always gives the same variants; variants of one exam are pairwise different.`;
