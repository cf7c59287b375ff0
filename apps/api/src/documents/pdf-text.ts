import { Worker } from 'node:worker_threads';

/** Runs in a worker thread: PDF.js (through unpdf) is CPU-bound and must not stall the event loop. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { getDocumentProxy, extractText } = require(workerData.unpdf);
  const pdf = await getDocumentProxy(new Uint8Array(workerData.data));
  try {
    const { totalPages, text } = await extractText(pdf, { mergePages: true });
    parentPort.postMessage({ pages: totalPages, text });
  } finally {
    await pdf.destroy();
  }
})().catch((e) => parentPort.postMessage({ error: String((e && e.message) || e) }));
`;

export interface PdfText {
  pages: number;
  text: string;
}

/** Page count and plain text of a PDF, with a time limit; rejects for a PDF that PDF.js cannot read. */
export function extractPdfText(data: Buffer, timeoutMs = 60_000): Promise<PdfText> {
  const copy = new Uint8Array(data).buffer;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { unpdf: require.resolve('unpdf'), data: copy },
    transferList: [copy],
    resourceLimits: { maxOldGenerationSizeMb: 512 },
  });
  return new Promise<PdfText>((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`PDF text extraction took longer than ${timeoutMs} ms`));
    }, timeoutMs);
    worker.once('message', (m: PdfText | { error: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if ('error' in m) reject(new Error(`PDF could not be read: ${m.error}`));
      else resolve(m);
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}
