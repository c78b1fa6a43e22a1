export * from "./campaigns";
export * from "./countries";
export * from "./signatures";
export * from "./outbox";
export * from "./letters";
export * from "./staff";
export * from "./privacy";
