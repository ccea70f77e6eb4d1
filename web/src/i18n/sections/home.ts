// Strings of the home section. pt-BR is the default; en must have the same keys
// (the type makes a missing key a build error). Merged into pt-BR.ts / en.ts.
export const ptBR = {
  homePage: {},
};

export const en: typeof ptBR = {
  homePage: {},
};
