import { Worker } from 'node:worker_threads';
import type { DocumentFormat } from '@cop/contracts';
import { FormatError, zipExpansion } from './file-format';

/**
 * Runs in a worker thread: PDF.js (through unpdf), mammoth and ExcelJS are CPU-bound and must
 * not stall the event loop; the thread also bounds their heap and can be killed on a time limit.
 * Text is collected up to `maxText` characters and no further.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { format, data, maxText, modules } = workerData;
const readers = {
  async pdf() {
    const { getDocumentProxy, extractText } = require(modules.unpdf);
    const pdf = await getDocumentProxy(new Uint8Array(data));
    try {
      const { totalPages, text } = await extractText(pdf, { mergePages: true });
      return { pages: totalPages, text };
    } finally {
      await pdf.destroy();
    }
  },
  async docx() {
    const mammoth = require(modules.mammoth);
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(data) });
    return { pages: null, text: value };
  },
  async xlsx() {
    const ExcelJS = require(modules.exceljs);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(data));
    const parts = [];
    let size = 0;
    const add = (t) => {
      if (!t || size > maxText) return;
      parts.push(t);
      size += t.length + 1;
    };
    workbook.eachSheet((sheet) => {
      add(sheet.name);
      sheet.eachRow((row) => row.eachCell((cell) => add(String(cell.text ?? ''))));
    });
    return { pages: null, text: parts.join('\\n') };
  },
};
readers[format]()
  .then((r) => parentPort.postMessage({ pages: r.pages, text: String(r.text).slice(0, maxText) }))
  .catch((e) => parentPort.postMessage({ error: String((e && e.message) || e) }));
`;

export interface ExtractedText {
  /** Pages of a PDF; null for DOCX and XLSX (they have no fixed pages). */
  pages: number | null;
  text: string;
}

export interface ExtractLimits {
  /** Characters of text kept. */
  maxText: number;
  /** Bytes a DOCX/XLSX may unpack to (ZIP bomb guard). */
  maxUnpacked: number;
  timeoutMs: number;
}

/** The container can never be read, however often it is tried (a ZIP bomb, a damaged ZIP). */
export class UnreadableContent extends Error {}

/**
 * Page count (PDF) and plain text of a stored file, within `limits`. Rejects with
 * UnreadableContent for a container that can never be read, with another error when the
 * parser failed, timed out or ran out of memory (retried: the machine may have been busy).
 */
export async function extractText(format: DocumentFormat, data: Buffer, limits: ExtractLimits): Promise<ExtractedText> {
  if (format !== 'pdf') {
    try {
      await zipExpansion(data, limits.maxUnpacked);
    } catch (e) {
      if (e instanceof FormatError) throw new UnreadableContent(e.message);
      throw e;
    }
  }
  const copy = new Uint8Array(data).buffer;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      format,
      data: copy,
      maxText: limits.maxText,
      modules: { unpdf: require.resolve('unpdf'), mammoth: require.resolve('mammoth'), exceljs: require.resolve('exceljs') },
    },
    transferList: [copy],
    resourceLimits: { maxOldGenerationSizeMb: 512 },
  });
  const what = format.toUpperCase();
  return new Promise<ExtractedText>((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`${what} text extraction took longer than ${limits.timeoutMs} ms`));
    }, limits.timeoutMs);
    const settle = () => {
      clearTimeout(timer);
      void worker.terminate();
    };
    worker.once('message', (m: ExtractedText | { error: string }) => {
      settle();
      if ('error' in m) reject(new Error(`${what} could not be read: ${m.error.replace(/\s+/g, ' ').trim()}`));
      else resolve({ pages: m.pages, text: m.text.split('\u0000').join('') }); // PostgreSQL text cannot hold NUL
    });
    worker.once('error', (e) => {
      settle();
      reject(e);
    });
    worker.once('exit', (code) => {
      settle();
      reject(new Error(`${what} text extraction stopped (exit ${code})`)); // no-op once settled
    });
  });
}
