// The buyer's settings as the panel started with them, and the language beside the draft.
export const config = {
  settings: {},
  sideLang: "en",
};
