// Sentences written inline in core/ instead of under a key of core/locales/en-us.json: one detector, used by the
// contract test (tests/unit/contract/inline-sentences.test.ts, which keeps each file to its budget) and by
// bench/architecture.ts (which counts them for the before/after table).
import ts from 'typescript';

/**
 * An inline sentence is a string or template literal holding three words or more (letters, two or more each,
 * separated by blanks, commas or colons; a template's expressions count as one word each), outside imports,
 * exports and literal types, and not a path (starting with `.` or `/`). Loose on purpose: it also counts data
 * (catalog purposes, certificate names, registry paths), so the test's budget names those files with a reason.
 */
export function inlineSentences(fileName: string, text: string): string[] {
  const found: string[] = [];
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node): void => {
    let value: string | null = null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) value = node.text;
    else if (ts.isTemplateExpression(node)) value = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' X ');
    if (
      value !== null &&
      !ts.isImportDeclaration(node.parent) &&
      !ts.isExportDeclaration(node.parent) &&
      !ts.isLiteralTypeNode(node.parent)
    ) {
      if (/[A-Za-z]{2,}[ ,:]+[A-Za-z]{2,}[ ,:]+[A-Za-z]{2,}/.test(value) && !/^[./]/.test(value)) found.push(value);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
