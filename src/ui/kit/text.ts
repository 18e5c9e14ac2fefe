/**
 * What goes between two sentences written one after the other: a space in English, nothing in
 * Chinese (a full-width 。 already separates them).
 */
export const sentenceGap = (language: string): string => (language.startsWith('zh') ? '' : ' ');
