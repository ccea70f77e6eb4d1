// Strings of the channels section. pt-BR is the default; en must have the same keys
// (the type makes a missing key a build error). Merged into pt-BR.ts / en.ts.
export const ptBR = {
  channelsPage: {},
};

export const en: typeof ptBR = {
  channelsPage: {},
};
