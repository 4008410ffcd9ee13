export { buildRecipe, type HashInput } from './build-recipe.js'
export { canonicalJson, recipeKey } from './canonical-json.js'
export { createInputHasher } from './input-hash.js'
export { RECIPE_VERSION, type Recipe } from './types.js'
