/**
 * Real towns of the five départements with their commune centroids (±1–2 km, from ECOSYSTEM.md §7) and
 * main postcode: where demo and test sites are placed. `coastal` towns only get sites to their east, so
 * that no jitter puts a shop in the sea.
 */
export interface DemoTown {
  readonly name: string;
  readonly postcode: string;
  readonly departement: '02' | '59' | '60' | '62' | '80';
  readonly lat: number;
  readonly lon: number;
  readonly coastal: boolean;
}

export const DEMO_TOWNS: readonly DemoTown[] = [
  { name: 'Lille', postcode: '59000', departement: '59', lat: 50.632, lon: 3.047, coastal: false },
  { name: 'Roubaix', postcode: '59100', departement: '59', lat: 50.688, lon: 3.182, coastal: false },
  { name: 'Tourcoing', postcode: '59200', departement: '59', lat: 50.726, lon: 3.16, coastal: false },
  { name: 'Dunkerque', postcode: '59140', departement: '59', lat: 51.034, lon: 2.356, coastal: true },
  { name: 'Valenciennes', postcode: '59300', departement: '59', lat: 50.359, lon: 3.516, coastal: false },
  { name: 'Douai', postcode: '59500', departement: '59', lat: 50.382, lon: 3.091, coastal: false },
  { name: 'Cambrai', postcode: '59400', departement: '59', lat: 50.17, lon: 3.242, coastal: false },
  { name: 'Maubeuge', postcode: '59600', departement: '59', lat: 50.284, lon: 3.963, coastal: false },
  { name: 'Arras', postcode: '62000', departement: '62', lat: 50.29, lon: 2.766, coastal: false },
  { name: 'Calais', postcode: '62100', departement: '62', lat: 50.95, lon: 1.876, coastal: true },
  { name: 'Boulogne-sur-Mer', postcode: '62200', departement: '62', lat: 50.727, lon: 1.607, coastal: true },
  { name: 'Lens', postcode: '62300', departement: '62', lat: 50.438, lon: 2.821, coastal: false },
  { name: 'Béthune', postcode: '62400', departement: '62', lat: 50.529, lon: 2.643, coastal: false },
  { name: 'Saint-Omer', postcode: '62500', departement: '62', lat: 50.768, lon: 2.264, coastal: false },
  { name: 'Amiens', postcode: '80000', departement: '80', lat: 49.9, lon: 2.29, coastal: false },
  { name: 'Abbeville', postcode: '80100', departement: '80', lat: 50.108, lon: 1.832, coastal: false },
  { name: 'Beauvais', postcode: '60000', departement: '60', lat: 49.436, lon: 2.086, coastal: false },
  { name: 'Compiègne', postcode: '60200', departement: '60', lat: 49.399, lon: 2.853, coastal: false },
  { name: 'Creil', postcode: '60100', departement: '60', lat: 49.253, lon: 2.484, coastal: false },
  { name: 'Laon', postcode: '02000', departement: '02', lat: 49.568, lon: 3.621, coastal: false },
  { name: 'Saint-Quentin', postcode: '02100', departement: '02', lat: 49.847, lon: 3.278, coastal: false },
  { name: 'Soissons', postcode: '02200', departement: '02', lat: 49.379, lon: 3.325, coastal: false },
  { name: 'Château-Thierry', postcode: '02400', departement: '02', lat: 49.056, lon: 3.382, coastal: false },
];
