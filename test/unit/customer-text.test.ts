/**
 * One way the desk prints a customer: `C0001 name` (web/src/format/labels.ts customerText, components/CustomerLink) —
 * issue 11 try-outs found the inbox and the job page printing `C0001` alone, and other pages `name C0001` or the
 * name alone. The source scan finds a page that prints a customer by hand again.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { customerText } from '../../web/src/format/labels';

describe('a customer as the desk prints it', () => {
  it('number then name; the number alone when no name is known', () => {
    expect(customerText('C2026-00001', '星辰貿易有限公司')).toBe('C2026-00001 星辰貿易有限公司');
    expect(customerText('C2026-00001', null)).toBe('C2026-00001');
  });

  it('no page prints a customer by hand (number alone as a link, name before number, name or number)', () => {
    const byHand: [RegExp, string][] = [
      [/\{[\w.?]+\.customerNo\}\s*(<\/Link>|<\/a>|$)/, 'the number alone'],
      [/customerName\s*(\|\||\?\?)\s*[\w.]*customerNo/, 'the name or the number'],
      [/\{[\w.]*customerName[^}]*\}\s*\$?\{[\w.]*customerNo\}/, 'the name before the number'],
      [/\$\{[\w.]*customerNo\} \$\{[\w.]*(customerName|fullName)\}/, 'number and name by hand (customerText)'],
      [/\{[\w.]*customerNo\} \{[\w.]*(customerName|fullName)\}/, 'number and name by hand (customerText)'],
    ];
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (name.endsWith('.tsx'))
          readFileSync(p, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              for (const [re, what] of byHand) if (re.test(line)) found.push(`${p}:${i + 1} ${what}: ${line.trim()}`);
            });
      }
    };
    walk('web/src');
    expect(found).toEqual([]);
  });
});
