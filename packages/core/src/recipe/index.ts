export { buildRecipe, type HashInput, recipeKey } from './build-recipe.js'
export { canonicalJson } from './canonical-json.js'
export { createInputHasher } from './input-hash.js'
export { RECIPE_VERSION, type Recipe } from './types.js'
