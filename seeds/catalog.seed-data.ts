/** The assignment's demo catalog, with the ids every Insomnia request for it expects. */
export const seedCategories = [
  { id: 1, name: 'Shirts' },
  { id: 2, name: 'Shorts' },
  { id: 3, name: 'Music' },
  { id: 4, name: 'Hats' },
  { id: 5, name: 'Shoes' },
];

export const seedTags = [
  { id: 1, name: 'rock music' },
  { id: 2, name: 'pop music' },
  { id: 3, name: 'blue' },
  { id: 4, name: 'red' },
  { id: 5, name: 'green' },
  { id: 6, name: 'white' },
  { id: 7, name: 'gold' },
  { id: 8, name: 'pop culture' },
];

export const seedProducts = [
  { id: 1, name: 'Plain T-Shirt', price: '14.99', stock: 14, categoryId: 1, tagIds: [6, 7, 8] },
  { id: 2, name: 'Running Sneakers', price: '90.00', stock: 25, categoryId: 5, tagIds: [6] },
  { id: 3, name: 'Branded Baseball Hat', price: '22.99', stock: 12, categoryId: 4, tagIds: [1, 3, 4, 5] },
  { id: 4, name: 'Top 40 Music Compilation Vinyl Record', price: '12.99', stock: 50, categoryId: 3, tagIds: [1, 2, 8] },
  { id: 5, name: 'Cargo Shorts', price: '29.99', stock: 22, categoryId: 2, tagIds: [3] },
];
