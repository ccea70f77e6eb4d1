// Strings of the SMS part counter (a text's length in SMS parts, and why
// accents make it Unicode). pt-BR is the default; en must have the same
// keys. Merged into pt-BR.ts / en.ts.
export const ptBR = {
  sms: {
    count_one: "{{chars}} caracteres · 1 SMS",
    count_other: "{{chars}} caracteres · {{count}} SMS",
    unicode: "“{{chars}}” não cabe no alfabeto padrão do SMS: até {{perPart}} caracteres por SMS (sem esses caracteres, {{plain}})",
    variables: "Contado antes das variáveis: o texto de cada contato pode ficar maior.",
  },
};

export const en: typeof ptBR = {
  sms: {
    count_one: "{{chars}} characters · 1 SMS",
    count_other: "{{chars}} characters · {{count}} SMS",
    unicode: "“{{chars}}” is outside the standard SMS alphabet: up to {{perPart}} characters per SMS (without them, {{plain}})",
    variables: "Counted before variables: each contact's text may be longer.",
  },
};
