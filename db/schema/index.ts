export * from "./campaigns";
export * from "./countries";
