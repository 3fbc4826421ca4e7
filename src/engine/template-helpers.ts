import { z } from 'zod';
import type { Localized } from './template.ts';

/** A text in both languages the templates are written in. */
export const localized = (en: string, cs: string): Localized => ({ en, cs });

/** A JSON number a person typed into params: finite, with a message naming the rule. */
export const finiteNumber = z.number().refine(Number.isFinite, 'must be a finite number');
