/** What writing an exam produced: its folder, the files in it, and the PDFs printed (or why none). */
export interface WrittenExam {
  dir: string;
  files: string[];
  pdfs: string[];
  pdfMessage?: string;
}
