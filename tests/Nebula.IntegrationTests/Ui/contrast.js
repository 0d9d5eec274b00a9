// Every visible text's contrast with the background behind it (WCAG 2 relative luminance). Texts over a
// picture or gradient are left out (no single background colour), as are disabled controls and hidden text.
() => {
  const parse = colour => {
    const match = colour.match(/rgba?\(([^)]+)\)/);
    if (!match) return null;
    const parts = match[1].split(/[\s,/]+/).filter(Boolean).map(Number.parseFloat);
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  };
  const luminance = ({ r, g, b }) => {
    const linear = value => { value /= 255; return value <= 0.03928 ? value / 12.92 : Math.pow((value + 0.055) / 1.055, 2.4); };
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };
  const backgroundOf = element => {
    for (let current = element; current; current = current.parentElement) {
      const style = getComputedStyle(current);
      if (style.backgroundImage !== 'none') return null;
      const colour = parse(style.backgroundColor);
      if (colour && colour.a > 0) return colour;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const failures = [];
  let checked = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    const element = walker.currentNode.parentElement;
    if (!text || !element || element.closest('[aria-hidden=true], button:disabled, .visually-hidden')) continue;
    if (element.getClientRects().length === 0 || getComputedStyle(element).visibility === 'hidden') continue;
    const background = backgroundOf(element);
    if (!background) continue;
    const foreground = luminance(parse(getComputedStyle(element).color));
    const behind = luminance(background);
    const ratio = (Math.max(foreground, behind) + 0.05) / (Math.min(foreground, behind) + 0.05);
    checked++;
    if (ratio < 4.5) failures.push(`"${text.slice(0, 40)}" ${ratio.toFixed(2)}:1`);
  }
  return { checked, failures };
}
