// Catalogue fragments: an area of the interface (the staff pages, say) keeps its strings in its own file, in
// both languages side by side. The Persian half must translate every English key, with the same parameters.
type Message = string | ((params: never) => string);

export type Translations<T extends Record<string, Message>> = {
  [K in keyof T]: T[K] extends (params: infer P) => string ? (params: P) => string : string;
};

export function fragment<T extends Record<string, Message>>(en: T, fa: Translations<T>) {
  return { en, fa };
}
