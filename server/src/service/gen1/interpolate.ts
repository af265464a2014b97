/**
 * Gen1 interpolation (`pkg/manifest1/interpolate.go` `parseLine`): before parsing, Convox replaces `$VAR` and
 * `${VAR}` with the environment of the process that reads the file, and turns `$$` into `$`. `${` followed by a
 * character that is not a word character is left as written.
 */
const WORD = /[0-9A-Za-z_]/;

export interface Interpolated {
  /** The text with `$$` unescaped; references to variables are dropped (their value is unknown here). */
  text: string;
  /** True when the text refers to a variable, so its value is only known when Convox reads the file. */
  dynamic: boolean;
}

export function interpolate(input: string): Interpolated {
  let text = '';
  let dynamic = false;
  const length = input.length;
  for (let i = 0; i < length; ) {
    const char = input[i];
    const next = input[i + 1] ?? '';
    if (char === '$' && next === '$') {
      let j = i + 2;
      while (j < length && (WORD.test(input[j]) || input[j] === '{' || input[j] === '}')) j++;
      text += `$${input.slice(i + 2, j)}`;
      i = j;
    } else if (char === '$' && next === '{') {
      let j = i + 2;
      while (j < length && input[j] !== '}' && WORD.test(input[j])) j++;
      if (j < length && input[j] === '}') {
        dynamic = true;
        i = j + 1;
      } else {
        const end = Math.min(length, j + 1);
        text += input.slice(i, end);
        i = end;
      }
    } else if (char === '$' && WORD.test(next)) {
      let j = i + 1;
      while (j < length && WORD.test(input[j])) j++;
      dynamic = true;
      i = j;
    } else {
      text += char;
      i++;
    }
  }
  return { text, dynamic };
}
