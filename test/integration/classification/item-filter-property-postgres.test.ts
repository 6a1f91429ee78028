import { describeItemFilterProperty } from './item-filter-property.js';

describeItemFilterProperty('postgres');
