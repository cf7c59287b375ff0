import { NotFoundException } from '@nestjs/common';
import { DOCUMENT_LANGUAGES, parseSymbol, symbolFromStem, type DocumentLanguage } from '@cop/contracts';

/** The symbol a URL path segment names: the stem (UNEP-MC-COP.6-INF-26) or the symbol itself. */
export function symbolOfRef(ref: string): string | null {
  const symbol = ref.includes('/') ? ref : symbolFromStem(ref);
  const parsed = parseSymbol(symbol);
  return parsed.ok ? parsed.value.symbol : null;
}

export function isDocumentLanguage(lang: string): lang is DocumentLanguage {
  return (DOCUMENT_LANGUAGES as readonly string[]).includes(lang);
}

/** The same answer whether the document does not exist or may not be seen: nothing is revealed. */
export function documentNotFound(code: string, ref: string): NotFoundException {
  return new NotFoundException(`No document ${ref} in ${code}.`);
}
