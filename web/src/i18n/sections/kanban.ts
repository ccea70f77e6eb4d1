// Strings of the kanban section. pt-BR is the default; en must have the same keys
// (the type makes a missing key a build error). Merged into pt-BR.ts / en.ts.
export const ptBR = {
  kanbanPage: {},
};

export const en: typeof ptBR = {
  kanbanPage: {},
};
