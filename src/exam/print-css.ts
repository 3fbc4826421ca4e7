/**
 * A4 print styles for sheets and keys. Blocks that make no sense apart (a problem's statement and
 * figure, one part with its answer space) never break across pages; the page margins leave room
 * for the PDF footer (variant and page number) that write-exam adds.
 */
export const PRINT_CSS = `
@page { size: A4; margin: 15mm 17mm 17mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 10.5pt/1.45 "DejaVu Serif", "Noto Serif", Georgia, serif; color: #111; margin: 0; max-width: 176mm; }
@media screen { body { margin: 12mm auto; padding: 0 6mm; } }
header.sheet { border-bottom: 1.5pt solid #111; padding-bottom: 3mm; margin-bottom: 5mm; }
header.sheet h1 { display: flex; justify-content: space-between; align-items: baseline; font-size: 16pt; margin: 0; }
header.sheet h1 .sep { display: none; }
header.sheet .course { margin: 0 0 1mm; font: 10pt "DejaVu Sans", sans-serif; letter-spacing: 0.02em; color: #333; }
header.sheet .facts { margin: 1.5mm 0 0; font-size: 10pt; }
header.sheet .facts span + span::before { content: " · "; }
ul.instructions { margin: 0 0 6mm; padding-left: 6mm; font-size: 9.5pt; }
ul.instructions li { margin: 0.5mm 0; }
section.cover { break-after: page; }
section.cover .course { margin: 0 0 2mm; font: 12pt "DejaVu Sans", sans-serif; color: #333; }
section.cover header.sheet { margin-bottom: 8mm; }
section.cover header.sheet h1 { font-size: 20pt; }
section.cover dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2mm 6mm; margin: 0 0 12mm; font-size: 11pt; }
section.cover dl.facts dt { font-weight: bold; } section.cover dl.facts dd { margin: 0; }
section.cover .student { margin-bottom: 12mm; }
section.cover h2 { font-size: 12pt; }
section.cover ul.instructions { font-size: 10.5pt; }
section.cover ul.instructions li { margin: 1.5mm 0; }
section.cover .turn { margin-top: 14mm; text-align: center; font-style: italic; }
header.sheet h1 .total { font-size: 12pt; font-weight: normal; }
.badge { display: inline-block; margin-top: 2mm; padding: 0.6mm 2.5mm; border: 1pt solid #8a1c1c; color: #8a1c1c; font: bold 8.5pt/1.4 "DejaVu Sans", sans-serif; letter-spacing: 0.06em; }
.seed { float: right; margin-top: 2.5mm; font: 8.5pt "DejaVu Sans Mono", monospace; color: #555; }
.student { display: flex; gap: 10mm; align-items: flex-end; margin: 0 0 6mm; font-size: 10.5pt; }
.student .fields { flex: 1; display: flex; flex-direction: column; gap: 4mm; }
.student .field { display: flex; align-items: flex-end; gap: 2mm; white-space: nowrap; }
.student .line { flex: 1; border-bottom: 0.8pt solid #333; height: 6mm; }
table.score { border-collapse: collapse; font: 9pt "DejaVu Sans", sans-serif; }
table.score th, table.score td { border: 0.8pt solid #555; padding: 0.8mm 2mm; text-align: center; min-width: 11mm; }
table.score th { font-weight: normal; background: #f0f0f0; }
table.score td.blank { height: 7mm; }
section.problem { margin: 0 0 6mm; }
.stem { break-inside: avoid; }
.stem ol.parts { margin-bottom: 3mm; }
ol.parts + ol.parts { margin-top: 0; }
h2 { font-size: 12.5pt; margin: 0 0 2mm; break-after: avoid; }
h2 .pts { font-weight: normal; font-size: 10pt; color: #333; white-space: nowrap; }
.stem p { margin: 0 0 2mm; }
.katex-display { margin: 1.5mm 0; }
.diagram { margin: 2mm 0 1mm; text-align: center; } .diagram svg { max-width: 100%; height: auto; }
ol.parts { padding-left: 8mm; margin: 2mm 0 0; }
ol.parts > li { margin: 0 0 3mm; break-inside: avoid; padding-left: 1mm; }
ol.parts > li::marker { font-weight: bold; }
.prompt .ppts { color: #444; font-size: 9pt; white-space: nowrap; margin-left: 1mm; }
.space { margin-top: 1.5mm; break-inside: avoid; }
.space.lines .rule { height: 8.5mm; border-bottom: 0.6pt solid #b8b8b8; }
.space.number { display: flex; align-items: flex-end; gap: 4mm; }
.space.number .work { flex: 1; height: 12mm; }
.space.number .result { display: flex; align-items: center; gap: 2mm; font: 8.5pt "DejaVu Sans", sans-serif; color: #444; }
.space.number .box { display: inline-block; width: 48mm; height: 10mm; border: 0.9pt solid #333; border-radius: 1mm; }
.hint { font-size: 9pt; color: #444; font-style: italic; margin-left: 1mm; }
ul.options { list-style: none; padding: 0; margin: 1mm 0 0 1mm; }
ul.options li { display: flex; gap: 1.8mm; align-items: baseline; margin: 0.6mm 0; }
ul.options .box { flex: none; display: inline-block; width: 3.2mm; height: 3.2mm; border: 0.8pt solid #333; position: relative; top: 0.4mm; }
ul.options li.correct .box { background: #2d7a3a; border-color: #2d7a3a; }
ul.options li.correct { font-weight: bold; }
ul.options .letter { flex: none; min-width: 4mm; }
.answer { margin-top: 1.2mm; padding: 1.2mm 3mm; background: #eef6ee; border-left: 2.5pt solid #2d7a3a; font-size: 9.5pt; overflow-wrap: anywhere; }
.answer b { font-family: "DejaVu Sans", sans-serif; font-size: 8.5pt; margin-right: 2mm; color: #2d5a33; }
.answer code { font-family: "DejaVu Sans Mono", monospace; }
.answer { break-inside: avoid; }
.solution { margin-top: 2mm; padding: 2mm 4mm; border: 0.8pt dashed #888; border-radius: 1.5mm; break-inside: avoid; }
.solution h3 { font-size: 10.5pt; margin: 0 0 1mm; break-after: avoid; }
.solution ol { margin: 0; padding-left: 7mm; } .solution li { margin: 0.8mm 0; break-inside: avoid; }
section.key-variant { break-inside: avoid; margin: 0 0 6mm; }
section.key-variant h2 { margin-bottom: 1.5mm; }
p.distinct { margin: 0 0 4mm; font-size: 9.5pt; }
table.key { border-collapse: collapse; width: 100%; font-size: 9pt; }
table.key th, table.key td { border: 0.6pt solid #999; padding: 0.5mm 2mm; text-align: left; vertical-align: top; }
table.key th { background: #f0f0f0; font-family: "DejaVu Sans", sans-serif; font-weight: normal; }
table.key td.ans { font-family: "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
table.key td.num, table.key th.num { text-align: right; white-space: nowrap; }
table.key tr { break-inside: avoid; }
table.key tr.first td { border-top: 1.2pt solid #555; }
`;
